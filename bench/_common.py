"""Shared by bench/compare_*.py: clean BLAS environment, machine facts, timing,
and running the LossKit side (Benchmarks/ executable losskit-bench-io).

Both sides time the same way: `warmup` untimed calls, then `repetitions` timed
calls; the best is reported (least disturbed by other processes), with the
median beside it.
"""
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
BENCH_PACKAGE = ROOT / "Benchmarks"
BENCH_TOOL = BENCH_PACKAGE / ".build" / "release" / "losskit-bench-io"

# On some processors OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set on this
# workplace's machines for old OpenBLAS builds; they slow a current numpy.
# OpenBLAS reads them when it loads, so re-run this script without them
# before numpy is imported.
_BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def reexec_without_blas_overrides():
    present = [v for v in _BLAS_VARS if v in os.environ]
    if present:
        env = {k: v for k, v in os.environ.items() if k not in _BLAS_VARS}
        print(f"[re-running without {', '.join(present)}]", file=sys.stderr)
        os.execve(sys.executable, [sys.executable, *sys.argv], env)


def best_and_median(seconds):
    """(best, median) of a list of timings."""
    s = sorted(seconds)
    mid = len(s) // 2
    return s[0], (s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2)


def save_pair(stem, X, y):
    """Saves X and y as bench/data/<stem>_X.npy and <stem>_y.npy; returns both paths."""
    import numpy as np
    DATA.mkdir(parents=True, exist_ok=True)
    xp, yp = DATA / f"{stem}_X.npy", DATA / f"{stem}_y.npy"
    np.save(xp, X)
    np.save(yp, y)
    return xp, yp


def time_best(fn, warmup=2, repetitions=10):
    """(best seconds, median seconds, last result) of `fn()`."""
    result = None
    for _ in range(max(0, warmup)):
        result = fn()
    seconds = []
    for _ in range(max(1, repetitions)):
        t0 = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - t0)
    best, median = best_and_median(seconds)
    return best, median, result


def time_adaptive(fn, slow_seconds, slow_repetitions, warmup, repetitions):
    """(best, median, runs label, last result): the first call decides whether
    fn is slow (> slow_seconds) and is then timed (slow_repetitions calls in
    all, no warm-up), or is a warm-up for time_best(warmup - 1, repetitions)."""
    t0 = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t0
    if first > slow_seconds:
        seconds = [first]
        for _ in range(slow_repetitions - 1):
            t0 = time.perf_counter()
            result = fn()
            seconds.append(time.perf_counter() - t0)
        best, median = best_and_median(seconds)
        return best, median, f"0+{len(seconds)}", result
    best, median, result = time_best(fn, max(0, warmup - 1), repetitions)
    return best, median, f"{max(1, warmup)}+{repetitions}", result


def time_interleaved(fns, warmup=2, repetitions=10):
    """Like time_best for several callables, one call of each per round, so a
    burst of load from other processes hits them alike. Returns a list of
    (best, median, last result)."""
    results = [None] * len(fns)
    for _ in range(max(0, warmup)):
        for i, fn in enumerate(fns):
            results[i] = fn()
    seconds = [[] for _ in fns]
    for _ in range(max(1, repetitions)):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            results[i] = fn()
            seconds[i].append(time.perf_counter() - t0)
    out = []
    for s, r in zip(seconds, results):
        s.sort()
        mid = len(s) // 2
        out.append((s[0], s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2, r))
    return out


def build_tool(skip_build=False):
    """Builds losskit-bench-io in release (unless asked not to) and returns its path."""
    if not skip_build:
        subprocess.run(
            ["swift", "build", "-c", "release", "--product", "losskit-bench-io"],
            cwd=BENCH_PACKAGE, check=True, stdout=subprocess.DEVNULL,
        )
    if not BENCH_TOOL.exists():
        sys.exit(f"missing {BENCH_TOOL}: build it with "
                 "`cd Benchmarks && swift build -c release --product losskit-bench-io`")
    return BENCH_TOOL


def run_tool(tool, *args):
    """Runs losskit-bench-io and returns its JSON lines as dicts."""
    out = subprocess.run([str(tool), *map(str, args)], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def machine_report():
    """Lines describing the machine and the libraries, printed before the tables."""
    import numpy as np
    lines = [f"date (UTC): {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M:%S')}"]
    cpu = "?"
    if shutil.which("lscpu"):
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    lines.append(f"cpu: {cpu}, {os.cpu_count()} logical cores, {platform.machine()}")
    load = os.getloadavg()
    lines.append(f"load average before the run (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
                 f"  ({'other processes are loading the machine' if load[0] > 0.5 else 'quiet'})")
    lines.append(f"python {platform.python_version()}, numpy {np.__version__}")
    try:
        from threadpoolctl import threadpool_info
        for info in threadpool_info():
            lib = os.path.basename(info.get("filepath", ""))
            owner = next((pkg for pkg in ("numpy", "scipy", "torch", "scikit_learn") if f"/{pkg}" in info.get("filepath", "")), "?")
            lines.append(f"  {info.get('user_api')}: {info.get('internal_api')} {info.get('version')} "
                         f"({owner}: {lib}), kernel {info.get('architecture')}, {info.get('num_threads')} threads")
    except ImportError:
        lines.append("  (threadpoolctl not installed: BLAS kernel unknown)")
    lines.append("BLAS overrides: " + ", ".join(
        f"{v}={os.environ[v]}" if v in os.environ else f"{v} unset" for v in _BLAS_VARS))
    return lines


def print_table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(str(h).ljust(w) if i == 0 else str(h).rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
