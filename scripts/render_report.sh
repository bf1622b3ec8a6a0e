#!/usr/bin/env bash
# Renders a LossKit HTML report to a PNG with headless Chromium (not part of CI).
#
#   scripts/render_report.sh [output.png]          the sample report (default output: docs/report-screenshot.png)
#   scripts/render_report.sh --demo [output.png]   the report of `losskit demo` (Anscombe's quartet)
#
# The sample report (Tests/LossKitTests/Report/ReportSample.swift: synthetic
# data, three fits, every chart type) is written by its test when
# LOSSKIT_SAMPLE_REPORT is set. The page is screenshotted at 1200 px wide
# (Debian: apt-get install chromium). Needs: swift, chromium; optionally
# python3 with Pillow to trim the blank bottom of the PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=0
if [ "${1:-}" = "--demo" ]; then demo=1; shift; fi
out="${1:-docs/report-screenshot.png}"
height="${HEIGHT:-7600}"

if [ "$demo" = 1 ]; then
  html="$(mktemp -u /tmp/losskit-demo-XXXXXX).html"
  swift run losskit demo --output "$html" >/dev/null 2>&1 \
    || { echo "losskit demo failed: run swift run losskit demo" >&2; exit 1; }
else
  html="${LOSSKIT_SAMPLE_REPORT:-/tmp/losskit-sample.html}"
  LOSSKIT_SAMPLE_REPORT="$html" swift test --filter ReportSampleTests >/dev/null 2>&1 \
    || { echo "building the sample report failed: run swift test --filter ReportSampleTests" >&2; exit 1; }
fi
test -s "$html" || { echo "the report was not written to $html" >&2; exit 1; }

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "no Chromium found; install it with: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="1200,$height" --screenshot="$out" "file://$html" 2>/dev/null

# Trim the empty page background below the footer.
python3 - "$out" <<'PY' || echo "(Pillow not available: PNG left untrimmed)"
import sys
from PIL import Image, ImageChops
path = sys.argv[1]
im = Image.open(path).convert("RGB")
bg = Image.new("RGB", im.size, im.getpixel((5, im.size[1] - 5)))
box = ImageChops.difference(im, bg).getbbox()
if box:
    im = im.crop((0, 0, im.size[0], min(im.size[1], box[3] + 24)))
im.save(path, optimize=True)
import os
if os.path.getsize(path) > 1_000_000:
    # Keep the committed screenshot under ~1 MB: 256 colours are plenty for flat charts.
    im.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(path, optimize=True)
print(f"{path}: {im.size[0]}x{im.size[1]}")
PY
ls -l "$out"
