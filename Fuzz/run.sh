#!/usr/bin/env bash
# Builds the LossKit fuzz targets (libFuzzer + AddressSanitizer) and runs one.
#
#   Fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…]
#
# TARGET: csv | float | npy | model-file (or the product name: FuzzCSV, FuzzFloat,
# FuzzNPY, FuzzModelFile). SECONDS: total fuzzing time (default 60).
# The committed seeds (Fuzz/corpus/TARGET) are read, never written; inputs the
# run finds go to Fuzz/.work/TARGET/corpus (not committed), crashes to
# Fuzz/findings/TARGET/. NICE=19 (default) keeps the run polite on a shared box.
# Reproduce a finding: Fuzz/.build/release/FuzzCSV Fuzz/findings/csv/crash-…
set -euo pipefail
cd "$(dirname "$0")"

target=${1:?usage: Fuzz/run.sh csv|float|npy|model-file [SECONDS] [libFuzzer flags…]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))

case "$target" in
  csv|FuzzCSV)               name=csv;        product=FuzzCSV;       max_len=8192 ;;
  float|FuzzFloat)           name=float;      product=FuzzFloat;     max_len=1024 ;;
  npy|FuzzNPY)               name=npy;        product=FuzzNPY;       max_len=8192 ;;
  model-file|FuzzModelFile)  name=model-file; product=FuzzModelFile; max_len=8192 ;;
  *) echo "unknown target '$target' (csv, float, npy, model-file)" >&2; exit 64 ;;
esac

nice -n "${NICE:-19}" swift build -c release \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
  --product "$product"

mkdir -p ".work/$name/corpus" "findings/$name"
# detect_leaks=0: LeakSanitizer reports the Swift runtime's metadata caches
# and lazily created globals, which are never freed by design.
# SWIFT_BACKTRACE: the Swift runtime's crash handler would otherwise catch the
# signal first (and trip ASan reading its own memory); libFuzzer reports instead.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=0}"
exec nice -n "${NICE:-19}" ".build/release/$product" \
  -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
  -max_len="$max_len" -print_final_stats=1 \
  -artifact_prefix="findings/$name/" \
  "$@" \
  ".work/$name/corpus" "corpus/$name"
