#!/usr/bin/env bash
# Peak memory of `losskit fit --stream` as the row count grows 10x (1e6 -> 1e7).
# Generates two CSV files (y = 1 + 2 x1 - x2 + 0.5 x3 + 3 x4 + noise) in
# bench/data/ (git-ignored), fits each with the release build under
# /usr/bin/time -v, and prints rows, file size, seconds and maximum resident set.
#
#   bash bench/streaming_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/data
swift build -c release --product losskit >/dev/null
python3 - <<'PY'
import numpy as np, os
rng = np.random.default_rng(7)
for n in (1_000_000, 10_000_000):
    path = f"bench/data/stream_{n}.csv"
    if os.path.exists(path):
        continue
    with open(path, "w") as f:
        f.write("x1,x2,x3,x4,y\n")
        for start in range(0, n, 1_000_000):
            m = min(1_000_000, n - start)
            x = rng.normal(size=(m, 4))
            y = 1 + x @ np.array([2.0, -1.0, 0.5, 3.0]) + rng.normal(scale=0.1, size=m)
            np.savetxt(f, np.column_stack([x, y]), fmt="%.9g", delimiter=",")
PY
printf "%-10s %-10s %-10s %-14s\n" rows MB seconds max_RSS_MB
for n in 1000000 10000000; do
  file="bench/data/stream_${n}.csv"
  /usr/bin/time -v .build/release/losskit fit "$file" --target y --stream --json >/tmp/losskit-stream-$n.json 2>/tmp/losskit-stream-$n.time
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' /tmp/losskit-stream-$n.time)
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' /tmp/losskit-stream-$n.time)
  size=$(du -m "$file" | cut -f1)
  printf "%-10s %-10s %-10s %-14s\n" "$n" "$size" "$secs" "$((rss / 1024))"
done
