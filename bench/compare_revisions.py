#!/usr/bin/env python3
"""LossKit at two git revisions, side by side: is the new one slower?

    python3 bench/compare_revisions.py                         # --base 380a40d --new HEAD
    python3 bench/compare_revisions.py --base 380a40d --new 380a40d   # A/A: the noise floor
    python3 bench/compare_revisions.py --quick                 # small sizes: a smoke test

Each revision is exported (`git archive`, committed files only) into its own
folder of the cache, `--cache-dir` (default /tmp/losskit-revs/<full sha>/),
outside every checkout, and built there in release: the `losskit` tool
(root package), `losskit-bench-io` (the Benchmarks/ package, as at that
revision) and `csvread`, a small package written by this script that depends
on that revision's `LossKit` product by path and times `DataReader.read`.
A revision that is already built is only re-checked (an incremental
`swift build`, seconds), so a base built once is not rebuilt.

Then, on the same seeded data (`--data-dir`, default <cache>/data/), it times
both builds, interleaved: in every round each benchmark runs once per build,
base first in even rounds and new first in odd ones, so that load from
other processes falls on both alike:

  mse       losskit-bench-io mse, n = 1e7, float32 and float64: SquaredError's
            value and value+gradient (and the harness' own read kernel, a control)
  ols       losskit-bench-io ols, 1e6 x 100: Matrix.gram(), LinearRegression
            .automatic and .householderQR (through the origin)
  csv       csvread: DataReader.read of a 1e6 x 21 numeric CSV (%.7g), 3 reads
            per process
  fit       losskit fit FILE --target y --json on that CSV (y and 20 features):
            the whole process, wall clock and CPU time
  evaluate  losskit evaluate FILE --target y --prediction yhat --json, 1e6 rows

and counts instructions with valgrind's callgrind (deterministic, unlike the
clock on a shared machine) on smaller instances: MSE n = 1e6, OLS 1e5 x 50,
one read of a 1e5-row CSV, fit and evaluate on 1e5 rows. For the
mse and csv rows the count is per timed call, taken as the
difference of two runs with more and fewer calls (start-up and file loading
cancel out); for ols (one call of each, minutes under valgrind), fit and
evaluate it is the whole process.

It prints a markdown table: per benchmark, base and new time (median over
all calls of all rounds and the minimum), new/base of the medians, the range
of the per-round paired ratios (new/base of the two processes of one round:
the noise), and the callgrind counts and their ratio. It also checks that
both builds compute the same results (MSE values, OLS coefficients, the CSV
checksum and bits, every number of the fit and evaluate JSON) and writes the
raw measurements to <data-dir>/../results/.

If a revision's losskit-bench-io or losskit lacks an option or an output this
script uses, it stops before timing and says which (skip that group with
--skip GROUP). `new` may be a revision whose library is split into several
targets: only the `LossKit` product is used.
"""
import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261126
GROUPS = ("mse", "ols", "csv", "fit", "evaluate")
DEFAULT_BASE = "380a40d"  # main when issue 9 (module split, model protocol) started

# ---------------------------------------------------------------------------
# The csvread harness (built per revision against its LossKit product).

CSVREAD_PACKAGE = """// swift-tools-version: 6.0
// Written by bench/compare_revisions.py: times DataReader.read of this revision.
import PackageDescription
let package = Package(
    name: "csvread",
    dependencies: [.package(path: "../src")],
    targets: [.executableTarget(name: "csvread", dependencies: [.product(name: "LossKit", package: "src")])]
)
"""

CSVREAD_MAIN = r"""
// Written by bench/compare_revisions.py.
// csvread FILE REPEATS: DataReader.read(path:) REPEATS times; one JSON line with
// each read's wall and CPU seconds, the shape, a checksum and the sum of the
// values' bit patterns (identical bits <=> identical parse, up to collisions).
import LossKit
#if canImport(Glibc)
import Glibc
#endif

func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

let path = CommandLine.arguments[1]
let repeats = Int(CommandLine.arguments[2]) ?? 3
var wall: [Double] = []
var cpu: [Double] = []
var rows = 0, columns = 0
var checksum = 0.0
var bits: UInt64 = 0
for _ in 0..<repeats {
    let clock = ContinuousClock()
    let c0 = cpuSeconds()
    let t0 = clock.now
    let table = try DataReader.read(path: path, options: DataReadOptions())
    let elapsed = clock.now - t0
    cpu.append(cpuSeconds() - c0)
    wall.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    rows = table.rowCount
    columns = table.columnCount
    checksum = 0
    bits = 0
    for column in table.columns {
        for v in column {
            checksum += v
            bits &+= v.bitPattern
        }
    }
}
print("{\"seconds\": \(wall), \"cpu_seconds\": \(cpu), \"rows\": \(rows), \"columns\": \(columns), \"checksum\": \(checksum), \"bits\": \"\(bits)\"}")
"""


# ---------------------------------------------------------------------------
# Small helpers.

def log(message):
    print(message, file=sys.stderr, flush=True)


def git(*args, cwd=ROOT):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def resolve(rev):
    try:
        return git("rev-parse", "--verify", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        sys.exit(f"error: '{rev}' is not a commit of {ROOT}")


def median(xs):
    return statistics.median(xs) if xs else math.nan


def run_timed(command, cwd=None):
    """Runs a command; returns (stdout, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"command failed ({done.returncode}): {' '.join(map(str, command))}\n"
                           f"{done.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.stdout, wall, cpu


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


# ---------------------------------------------------------------------------
# One revision: export, build, check its interfaces.

class Build:
    def __init__(self, rev, cache, nice):
        self.rev = rev
        self.sha = resolve(rev)
        self.short = self.sha[:10]
        self.dir = cache / self.sha
        self.src = self.dir / "src"
        self.nice = nice
        self.tools = {}

    def label(self):
        return f"{self.rev} ({self.short})" if not self.sha.startswith(self.rev) else self.short

    def export(self):
        if self.src.is_dir():
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix="src-partial-", dir=self.dir))
        archive = subprocess.run(["git", "archive", "--format=tar", self.sha], cwd=ROOT,
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(partial)], input=archive, check=True)
        partial.rename(self.src)  # only a complete export gets the name src/
        log(f"[{self.short}] exported into {self.src}")

    def seed_pins(self, other):
        """Uses the dependency versions the other build resolved, where this
        revision has none of its own (Package.resolved is git-ignored), so that
        both builds link the same swift-argument-parser and swift-numerics."""
        for sub in (".", "Benchmarks"):
            mine, theirs = self.src / sub / "Package.resolved", other.src / sub / "Package.resolved"
            if not mine.exists() and theirs.exists() and (self.src / sub / "Package.swift").exists():
                shutil.copy(theirs, mine)

    def swift_build(self, package, product, name):
        logfile = self.dir / f"build-{name}.log"
        command = ["swift", "build", "-c", "release", "--product", product]
        if self.nice:
            command = ["nice", "-n", "10", *command]
        t0 = time.perf_counter()
        with open(logfile, "w") as out:
            done = subprocess.run(command, cwd=package, stdout=out, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            tail = "".join(open(logfile).readlines()[-25:])
            sys.exit(f"error: building {product} at {self.label()} failed (in {package}; log {logfile}):\n{tail}\n"
                     f"Skip that group with --skip, or fix the build at that revision.")
        log(f"[{self.short}] {product}: built in {time.perf_counter() - t0:.0f} s")
        bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=package,
                                 check=True, capture_output=True, text=True).stdout.strip()
        path = Path(bin_dir) / product
        if not path.exists():
            sys.exit(f"error: {path} missing after building {product} at {self.label()}")
        return path

    def build(self, groups):
        self.export()
        if groups & {"fit", "evaluate"}:
            self.tools["losskit"] = self.swift_build(self.src, "losskit", "losskit")
        if groups & {"mse", "ols"}:
            bench = self.src / "Benchmarks"
            if not (bench / "Package.swift").exists():
                sys.exit(f"error: {self.label()} has no Benchmarks/Package.swift (needed for mse, ols)")
            self.tools["bench-io"] = self.swift_build(bench, "losskit-bench-io", "bench-io")
        if "csv" in groups:
            package = self.dir / "csvread"
            (package / "Sources" / "csvread").mkdir(parents=True, exist_ok=True)
            for path, text in ((package / "Package.swift", CSVREAD_PACKAGE),
                               (package / "Sources" / "csvread" / "main.swift", CSVREAD_MAIN)):
                if not path.exists() or path.read_text() != text:
                    path.write_text(text)
            self.tools["csvread"] = self.swift_build(package, "csvread", "csvread")

    def check_interfaces(self, groups):
        """Stops with a clear message if a tool lacks what this script uses."""
        def need(tool, subcommand, options, group):
            out = subprocess.run([str(self.tools[tool]), subcommand, "--help"], capture_output=True, text=True)
            text = out.stdout + out.stderr
            missing = [o for o in options if o not in text]
            if out.returncode != 0 or missing:
                sys.exit(f"error: at {self.label()}, `{self.tools[tool].name} {subcommand}` "
                         f"{'fails' if out.returncode else 'lacks ' + ', '.join(missing)}; "
                         f"this script needs {', '.join(options)}. Adapt bench/compare_revisions.py "
                         f"(group '{group}') or run with --skip {group}.")
        if "mse" in groups:
            need("bench-io", "mse", ["--predictions", "--targets", "--warmup", "--repetitions"], "mse")
        if "ols" in groups:
            need("bench-io", "ols", ["--x", "--y", "--solvers", "--coef-out", "--warmup", "--repetitions"], "ols")
        if "fit" in groups:
            need("losskit", "fit", ["--target", "--json"], "fit")
        if "evaluate" in groups:
            need("losskit", "evaluate", ["--target", "--prediction", "--json"], "evaluate")

    def pins(self):
        """Dependency versions, from Package.resolved."""
        out = {}
        for sub in (".", "Benchmarks"):
            path = self.src / sub / "Package.resolved"
            if path.exists():
                for pin in json.loads(path.read_text()).get("pins", []):
                    out[pin.get("identity")] = pin.get("state", {}).get("version") or pin.get("state", {}).get("revision", "")[:10]
        return out


# ---------------------------------------------------------------------------
# Data (seeded; written once, then reused).

def mse_data(data, n, dtype):
    import numpy as np
    paths = (data / f"mse_{dtype}_{n}_predictions.npy", data / f"mse_{dtype}_{n}_targets.npy")
    if not all(p.exists() for p in paths):
        # As bench/compare_losses.py: targets U[-1, 1), predictions = targets + N(0, 0.1²).
        rng = np.random.default_rng(SEED)
        targets = rng.uniform(-1.0, 1.0, n).astype(dtype)
        predictions = (targets + rng.normal(0.0, 0.1, n)).astype(dtype)
        np.save(paths[0], predictions)
        np.save(paths[1], targets)
    return paths


def ols_data(data, n, p):
    import numpy as np
    paths = (data / f"ols_{n}x{p}_X.npy", data / f"ols_{n}x{p}_y.npy")
    if not all(q.exists() for q in paths):
        # As bench/compare_ols.py: X ~ N(0, 1), Fortran order, y = X beta + N(0, 0.1²).
        rng = np.random.default_rng(SEED)
        X = np.asfortranarray(rng.standard_normal((n, p)))
        beta = rng.uniform(-2.0, 2.0, p)
        y = X @ beta + rng.normal(0.0, 0.1, n)
        np.save(paths[0], X)
        np.save(paths[1], y)
    return paths


def regression_csv(data, rows, features):
    """y and x1..x<features>, %.7g: x_j ~ N(0, 1) * 10^k_j (k_j in -2..3, as in
    compare_csv.py), y = sum_j b_j x_j + N(0, 0.5²) with b_j = U(-2, 2) / 10^k_j."""
    import numpy as np
    import pandas as pd
    path = data / f"regression_{rows}x{features}_7g.csv"
    if path.exists():
        return path
    rng = np.random.default_rng(SEED)
    scales = 10.0 ** rng.integers(-2, 4, features)
    beta = rng.uniform(-2.0, 2.0, features) / scales
    partial = path.with_suffix(".partial")
    with open(partial, "w") as f:
        f.write(",".join(["y"] + [f"x{j}" for j in range(1, features + 1)]) + "\n")
        for start in range(0, rows, 100_000):
            k = min(100_000, rows - start)
            X = rng.standard_normal((k, features)) * scales
            y = X @ beta + rng.normal(0.0, 0.5, k)
            pd.DataFrame(np.column_stack([y, X])).to_csv(f, header=False, index=False, float_format="%.7g")
    partial.rename(path)
    return path


def evaluate_csv(data, rows):
    """y ~ N(0, 1) and yhat = y + N(0, 0.3²), %.7g."""
    import numpy as np
    import pandas as pd
    path = data / f"evaluate_{rows}_7g.csv"
    if path.exists():
        return path
    rng = np.random.default_rng(SEED)
    y = rng.standard_normal(rows)
    frame = pd.DataFrame({"y": y, "yhat": y + rng.normal(0.0, 0.3, rows)})
    partial = path.with_suffix(".partial")
    frame.to_csv(partial, index=False, float_format="%.7g")
    partial.rename(path)
    return path


# ---------------------------------------------------------------------------
# The benchmarks. Each `run_*` runs one process of one build and returns
# {row name: [seconds of each timed call]} plus results to compare.

MSE_OPS = [  # op of losskit-bench-io mse, row label
    ("mse", "MSE value (SquaredError.loss)"),
    ("mse_value_and_gradient", "MSE value+gradient (into:)"),
    ("mse_value_and_gradient_array", "MSE value+gradient -> [T]"),
    ("read", "harness read kernel (control)"),
]
OLS_OPS = [("gram", "gram()"), ("automatic", "OLS fit .automatic"), ("householderQR", "OLS fit .householderQR")]


def run_mse(build, paths, warmup, repetitions):
    out, _, _ = run_timed([build.tools["bench-io"], "mse", "--predictions", paths[0], "--targets", paths[1],
                           "--warmup", warmup, "--repetitions", repetitions])
    lines = {l.get("op"): l for l in json_lines(out)}
    missing = [op for op, _ in MSE_OPS if op not in lines]
    if missing:
        sys.exit(f"error: at {build.label()}, losskit-bench-io mse printed no op {missing} (got {sorted(lines)})")
    return ({op: lines[op]["seconds"] for op, _ in MSE_OPS},
            {op: lines[op]["value"] for op, _ in MSE_OPS if op != "read"})


def run_ols(build, paths, warmup, repetitions, coef_stem=None):
    command = [build.tools["bench-io"], "ols", "--x", paths[0], "--y", paths[1],
               "--solvers", "automatic", "householderQR", "--warmup", warmup, "--repetitions", repetitions]
    if coef_stem is not None:
        command += ["--coef-out", coef_stem]
    out, _, _ = run_timed(command)
    seconds, results = {}, {}
    for line in json_lines(out):
        if line.get("op") == "gram":
            seconds["gram"] = line["seconds"]
            results["gram trace"] = line.get("trace")
        elif line.get("op") == "fit":
            solver = re.search(r"LinearRegression\(\.(\w+)\)", line.get("label", ""))
            if solver:
                seconds[solver.group(1)] = line["seconds"]
                if "coef_path" in line:
                    results[solver.group(1)] = line["coef_path"]
    missing = [op for op, _ in OLS_OPS if op not in seconds]
    if missing:
        sys.exit(f"error: at {build.label()}, losskit-bench-io ols printed no timing for {missing}")
    return seconds, results


def run_csv(build, path, repeats):
    out, _, _ = run_timed([build.tools["csvread"], path, repeats])
    report = json_lines(out)[-1]
    return ({"read": report["seconds"], "read CPU": report["cpu_seconds"]},
            {"shape": f"{report['rows']}x{report['columns']}", "checksum": report["checksum"], "bits": report["bits"]})


def run_fit(build, path):
    out, wall, cpu = run_timed([build.tools["losskit"], "fit", path, "--target", "y", "--json"])
    return {"fit": [wall], "fit CPU": [cpu]}, json.loads(out)


def run_evaluate(build, path):
    out, wall, cpu = run_timed([build.tools["losskit"], "evaluate", path, "--target", "y",
                                "--prediction", "yhat", "--json"])
    return {"evaluate": [wall], "evaluate CPU": [cpu]}, json.loads(out)


# ---------------------------------------------------------------------------
# Callgrind.

def without_debug_info(binary, build):
    """A copy of `binary` without its DWARF sections: valgrind 3.19 cannot read
    the DWARF 5 that Swift 6's toolchain writes and gives up. The code, and so
    the instruction count, is the same."""
    copy = build.dir / "callgrind" / binary.name
    if not copy.exists() or copy.stat().st_mtime < binary.stat().st_mtime:
        copy.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["objcopy", "--strip-debug", str(binary), str(copy)], check=True)
    return copy


def callgrind(command, workdir):
    """Instructions executed by a command under valgrind --tool=callgrind."""
    out = workdir / "callgrind.out"
    # Swift seeds its hashing per process; fixed, Dictionary and Set do the same work each run.
    env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
    done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                           *map(str, command)], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"callgrind failed: {' '.join(map(str, command))}\n{done.stderr[-2000:]}")
    counts = re.findall(r"Collected\s*:\s*(\d+)", done.stderr)
    if not counts:
        raise RuntimeError(f"no 'Collected' line from callgrind:\n{done.stderr[-2000:]}")
    out.unlink(missing_ok=True)
    return int(counts[-1])


def callgrind_suite(build, sizes, workdir):
    """{row group: instructions} for one build (see the module doc)."""
    tools = {name: without_debug_info(path, build) for name, path in build.tools.items()}
    tool = tools.get("bench-io")
    result = {}
    k = sizes["mse_extra"]
    for dtype in ("float32", "float64"):
        if "mse_paths_" + dtype in sizes:
            p = sizes["mse_paths_" + dtype]
            base = ["mse", "--predictions", p[0], "--targets", p[1], "--warmup", 0]
            few = callgrind([tool, *base, "--repetitions", 1], workdir)
            many = callgrind([tool, *base, "--repetitions", 1 + k], workdir)
            result[f"mse {dtype}"] = (many - few) / k
    if "ols_paths" in sizes:
        p = sizes["ols_paths"]
        # One call each, whole process: under valgrind a call takes minutes, and
        # reading the .npy files is a small part of the count.
        result["ols"] = callgrind([tool, "ols", "--x", p[0], "--y", p[1], "--solvers", "automatic", "householderQR",
                                   "--warmup", 0, "--repetitions", 1], workdir)
    if "csv_path" in sizes:
        few = callgrind([tools["csvread"], sizes["csv_path"], 1], workdir)
        many = callgrind([tools["csvread"], sizes["csv_path"], 2], workdir)
        result["csv"] = many - few
    if "fit_path" in sizes:
        result["fit"] = callgrind([tools["losskit"], "fit", sizes["fit_path"], "--target", "y", "--json"], workdir)
    if "evaluate_path" in sizes:
        result["evaluate"] = callgrind([tools["losskit"], "evaluate", sizes["evaluate_path"], "--target", "y",
                                        "--prediction", "yhat", "--json"], workdir)
    return result


# ---------------------------------------------------------------------------
# Result comparison (same answers from both builds).

def numeric_leaves(value, prefix=""):
    if isinstance(value, dict):
        for key, v in value.items():
            yield from numeric_leaves(v, f"{prefix}.{key}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numeric_leaves(v, f"{prefix}[{i}]")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield prefix, float(value)


def json_difference(a, b):
    """(largest relative difference of the numbers, paths present in one only)."""
    la, lb = dict(numeric_leaves(a)), dict(numeric_leaves(b))
    only = sorted(set(la) ^ set(lb))
    worst = 0.0
    for key in set(la) & set(lb):
        x, y = la[key], lb[key]
        if x == y or (math.isnan(x) and math.isnan(y)):
            continue
        worst = max(worst, abs(x - y) / max(abs(x), abs(y), 1e-300))
    return worst, only


def relative(x, y):
    return 0.0 if x == y else abs(x - y) / max(abs(x), abs(y), 1e-300)


# ---------------------------------------------------------------------------

def parse_shape(text):
    n, p = text.lower().split("x")
    return int(float(n)), int(float(p))


def fmt_seconds(s):
    if math.isnan(s):
        return "–"
    return f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.3f} s"


def fmt_count(c):
    return "–" if c is None else f"{c / 1e6:,.2f} M"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    ap.add_argument("--base", default=DEFAULT_BASE, help=f"git revision (default {DEFAULT_BASE})")
    ap.add_argument("--new", default="HEAD", help="git revision (default HEAD; committed files only)")
    ap.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("LOSSKIT_REV_CACHE", "/tmp/losskit-revs")),
                    help="exports and builds, one folder per commit (default $LOSSKIT_REV_CACHE or /tmp/losskit-revs)")
    ap.add_argument("--data-dir", type=Path, help="seeded data (default <cache-dir>/data)")
    ap.add_argument("--rounds", type=int, default=6, help="interleaved rounds (default 6; even keeps the order balanced)")
    ap.add_argument("--skip", nargs="+", default=[], choices=GROUPS, help="groups to leave out")
    ap.add_argument("--only", nargs="+", choices=GROUPS, help="only these groups")
    ap.add_argument("--no-callgrind", action="store_true", help="no instruction counts")
    ap.add_argument("--no-timing", action="store_true", help="instruction counts only")
    ap.add_argument("--build-only", action="store_true", help="export and build both revisions, then stop")
    ap.add_argument("--no-nice", action="store_true", help="build at normal priority (default: nice -n 10)")
    ap.add_argument("--quick", action="store_true", help="small sizes and 2 rounds: a smoke test of the script")
    ap.add_argument("--mse-n", type=float, default=1e7)
    ap.add_argument("--ols-shape", default="1000000x100")
    ap.add_argument("--csv-rows", type=float, default=1e6, help="rows of the CSV (csv, fit) and of evaluate's file")
    ap.add_argument("--features", type=int, default=20, help="feature columns of the CSV (plus y)")
    ap.add_argument("--callgrind-mse-n", type=float, default=1e6)
    ap.add_argument("--callgrind-ols-shape", default="100000x50")
    ap.add_argument("--callgrind-rows", type=float, default=1e5, help="rows of the CSV files under callgrind")
    args = ap.parse_args()

    if args.quick:
        args.mse_n, args.ols_shape, args.csv_rows = 1e6, "100000x50", 1e5
        args.callgrind_mse_n, args.callgrind_ols_shape, args.callgrind_rows = 1e5, "20000x20", 1e4
        args.rounds = min(args.rounds, 2)
    groups = set(args.only or GROUPS) - set(args.skip)
    if not groups:
        sys.exit("error: no group left to run")
    cache = args.cache_dir.resolve()
    data = (args.data_dir or cache / "data").resolve()
    data.mkdir(parents=True, exist_ok=True)
    if not args.no_callgrind and not args.build_only:
        for tool in ("valgrind", "objcopy"):
            if shutil.which(tool) is None:
                sys.exit(f"error: {tool} not found (apt-get install valgrind binutils), or pass --no-callgrind")

    base = Build(args.base, cache, not args.no_nice)
    new = Build(args.new, cache, not args.no_nice)
    builds = [base] if base.sha == new.sha else [base, new]
    base.build(groups)
    if new is not base and new.sha != base.sha:
        new.export()
        new.seed_pins(base)
        new.build(groups)
    else:
        new.tools = base.tools
    for b in builds:
        b.check_interfaces(groups)
    log(f"builds: base {base.label()} in {base.dir}; new {new.label()} in {new.dir}")
    if args.build_only:
        return
    sides = [("base", base), ("new", new)]

    # --- data
    log("data: generating (once) into " + str(data))
    mse_n, csv_rows = int(args.mse_n), int(args.csv_rows)
    ols_n, ols_p = parse_shape(args.ols_shape)
    paths = {}
    if "mse" in groups:
        for dtype in ("float32", "float64"):
            paths["mse " + dtype] = mse_data(data, mse_n, dtype)
    if "ols" in groups:
        paths["ols"] = ols_data(data, ols_n, ols_p)
    if groups & {"csv", "fit"}:
        paths["csv"] = regression_csv(data, csv_rows, args.features)
    if "evaluate" in groups:
        paths["evaluate"] = evaluate_csv(data, csv_rows)

    load_before = os.getloadavg()
    started = datetime.now(timezone.utc)
    seconds = {}      # row -> side -> [seconds of every call, all rounds]
    per_round = {}    # row -> side -> [median of each round's calls]
    results = {}      # check -> side -> value
    row_order = []

    def record(row, side, values):
        if row not in seconds:
            seconds[row] = {"base": [], "new": []}
            per_round[row] = {"base": [], "new": []}
            row_order.append(row)
        seconds[row][side] += values
        per_round[row][side].append(median(values))

    ols_label = f"{ols_n:.0e}x{ols_p}".replace("e+0", "e")
    mse_label = f"n={mse_n:.0e}".replace("e+0", "e")
    csv_label = f"{csv_rows:.0e}".replace("e+0", "e")
    coef_dir = data / "coef"
    coef_dir.mkdir(exist_ok=True)

    if not args.no_timing:
        log(f"timing: {args.rounds} rounds, groups {', '.join(g for g in GROUPS if g in groups)}")
        for rnd in range(args.rounds):
            order = sides if rnd % 2 == 0 else sides[::-1]
            t_round = time.perf_counter()
            for group in GROUPS:
                if group not in groups:
                    continue
                for side, build in order:
                    if group == "mse":
                        for dtype, T in (("float32", "Float"), ("float64", "Double")):
                            secs, values = run_mse(build, paths["mse " + dtype], 2, 10)
                            for op, label in MSE_OPS:
                                record(f"{label}, {T} {mse_label}", side, secs[op])
                            if rnd == 0:
                                results.setdefault(f"MSE {dtype}", {})[side] = values
                    elif group == "ols":
                        secs, res = run_ols(build, paths["ols"], 1, 2, coef_dir / f"coef_{side}.npy" if rnd == 0 else None)
                        for op, label in OLS_OPS:
                            record(f"{label}, {ols_label}", side, secs[op])
                        if rnd == 0:
                            results.setdefault("OLS", {})[side] = res
                    elif group == "csv":
                        secs, res = run_csv(build, paths["csv"], 3)
                        record(f"CSV DataReader.read, {csv_label}x{args.features + 1}", side, secs["read"])
                        record(f"CSV DataReader.read, {csv_label}x{args.features + 1} (CPU)", side, secs["read CPU"])
                        if rnd == 0:
                            results.setdefault("CSV", {})[side] = res
                    elif group == "fit":
                        secs, res = run_fit(build, paths["csv"])
                        record(f"losskit fit --json, {csv_label}x{args.features} (process)", side, secs["fit"])
                        record(f"losskit fit --json, {csv_label}x{args.features} (process CPU)", side, secs["fit CPU"])
                        if rnd == 0:
                            results.setdefault("fit", {})[side] = res
                    elif group == "evaluate":
                        secs, res = run_evaluate(build, paths["evaluate"])
                        record(f"losskit evaluate --json, {csv_label} rows (process)", side, secs["evaluate"])
                        record(f"losskit evaluate --json, {csv_label} rows (process CPU)", side, secs["evaluate CPU"])
                        if rnd == 0:
                            results.setdefault("evaluate", {})[side] = res
            log(f"  round {rnd + 1}/{args.rounds}: {time.perf_counter() - t_round:.0f} s, "
                f"load {os.getloadavg()[0]:.2f}")

    # --- callgrind
    counts = {"base": {}, "new": {}}
    cg_desc = {}
    if not args.no_callgrind:
        cg_n, cg_rows = int(args.callgrind_mse_n), int(args.callgrind_rows)
        cg_ols = parse_shape(args.callgrind_ols_shape)
        sizes = {"mse_extra": 10}
        if "mse" in groups:
            for dtype in ("float32", "float64"):
                sizes["mse_paths_" + dtype] = mse_data(data, cg_n, dtype)
            cg_desc["mse"] = f"n={cg_n:.0e}, per call of the 4 ops".replace("e+0", "e")
        if "ols" in groups:
            sizes["ols_paths"] = ols_data(data, *cg_ols)
            cg_desc["ols"] = f"{cg_ols[0]:.0e}x{cg_ols[1]}, whole process: gram + both fits once".replace("e+0", "e")
        if "csv" in groups:
            sizes["csv_path"] = regression_csv(data, cg_rows, args.features)
            cg_desc["csv"] = f"{cg_rows:.0e}x{args.features + 1}, per read".replace("e+0", "e")
        if "fit" in groups:
            sizes["fit_path"] = regression_csv(data, cg_rows, args.features)
            cg_desc["fit"] = f"{cg_rows:.0e}x{args.features}, whole process".replace("e+0", "e")
        if "evaluate" in groups:
            sizes["evaluate_path"] = evaluate_csv(data, cg_rows)
            cg_desc["evaluate"] = f"{cg_rows:.0e} rows, whole process".replace("e+0", "e")
        with tempfile.TemporaryDirectory(prefix="losskit-cg-") as tmp:
            for side, build in sides:  # even for an A/A run: shows that the counts repeat
                t0 = time.perf_counter()
                counts[side] = callgrind_suite(build, sizes, Path(tmp))
                log(f"callgrind {side}: {time.perf_counter() - t0:.0f} s")

    # --- report
    finished = datetime.now(timezone.utc)
    print(f"# LossKit {base.label()} (base) vs {new.label()} (new)")
    print()
    cpu = "?"
    if shutil.which("lscpu"):
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    print(f"- date (UTC): {started:%Y-%m-%d %H:%M}–{finished:%H:%M}; machine: {cpu}, {os.cpu_count()} logical cores, "
          f"{platform.system()} {platform.release()}")
    print(f"- {swift[0] if swift else 'swift ?'}; release builds in {base.dir} and {new.dir}")
    print(f"- load average (1 min) before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    print(f"- command: python3 bench/compare_revisions.py {' '.join(sys.argv[1:])}")
    pins = {side: b.pins() for side, b in sides}
    if pins["base"] != pins["new"]:
        print(f"- dependency versions differ: base {pins['base']}, new {pins['new']}")
    if not args.no_timing:
        print(f"- {args.rounds} rounds, base and new alternating first; per process: mse 2 warm-up + 10 timed "
              f"calls of each op, ols 1 + 2, csv 3 reads (the first cold), fit and evaluate 1 run")
    print()

    group_of_row = lambda row: ("mse" if row.startswith(("MSE", "harness")) else "ols" if "OLS" in row or "gram" in row
                                else "csv" if row.startswith("CSV") else "fit" if "fit --json" in row else "evaluate")
    shown_cg = set()
    headers = ["benchmark", "base median", "base min", "new median", "new min", "new/base (median)",
               "paired ratios, min–max", "callgrind instance", "Ir base", "Ir new", "Ir new/base"]
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join(["---"] + ["---:"] * 6 + ["---"] + ["---:"] * 3) + "|")

    def cg_cells(key):
        if key in shown_cg or key not in counts["base"]:
            return ["", "", "", ""]
        shown_cg.add(key)
        b, n = counts["base"][key], counts["new"].get(key)
        return [cg_desc.get(key.split()[0], ""), fmt_count(b), fmt_count(n), f"{n / b:.4f}" if b and n else "–"]

    summary = []
    for row in row_order:
        sb, sn = seconds[row]["base"], seconds[row]["new"]
        pairs = [n / b for b, n in zip(per_round[row]["base"], per_round[row]["new"]) if b > 0]
        ratio = median(sn) / median(sb)
        summary.append((row, ratio, min(pairs), max(pairs)))
        group = group_of_row(row)
        key = group
        if group == "mse":
            key = "mse float32" if "Float" in row else "mse float64"
        cg = cg_cells(key) if not row.startswith("harness") and "CPU)" not in row else ["", "", "", ""]
        print("| " + " | ".join([row, fmt_seconds(median(sb)), fmt_seconds(min(sb)), fmt_seconds(median(sn)),
                                 fmt_seconds(min(sn)), f"{ratio:.3f}", f"{min(pairs):.3f}–{max(pairs):.3f}"] + cg) + " |")
    for key in counts["base"]:
        if key not in shown_cg:
            print("| " + " | ".join([f"({key})"] + [""] * 6 + cg_cells(key)) + " |")
    print()
    print("median and min: over every timed call of every round (mse and ols: the calls inside each process; "
          "fit and evaluate: whole processes). paired ratios: new/base of the two processes' medians in each round. "
          "Ir: instructions counted by callgrind (valgrind has no AVX-512: the C kernels run their AVX2 path there).")

    # --- same answers?
    print()
    print("## Same results from both builds")
    problems = []
    if "MSE float32" in results or "MSE float64" in results:
        for key in ("MSE float32", "MSE float64"):
            if key in results and len(results[key]) == 2:
                worst = max(relative(results[key]["base"][op], results[key]["new"][op]) for op in results[key]["base"])
                print(f"- {key}: largest relative difference of the values {worst:.1e}")
                if worst > 1e-6:
                    problems.append(key)
    if "OLS" in results and len(results["OLS"]) == 2:
        import numpy as np
        worst = 0.0
        for solver in ("automatic", "householderQR"):
            a, b = results["OLS"]["base"].get(solver), results["OLS"]["new"].get(solver)
            if a and b:
                ca, cb = np.load(a), np.load(b)
                worst = max(worst, float(np.max(np.abs(ca - cb)) / np.max(np.abs(ca))))
        print(f"- OLS coefficients: largest difference / largest |coefficient| {worst:.1e}")
        if worst > 1e-10:
            problems.append("OLS")
    if "CSV" in results and len(results["CSV"]) == 2:
        a, b = results["CSV"]["base"], results["CSV"]["new"]
        same = a["bits"] == b["bits"] and a["shape"] == b["shape"]
        print(f"- CSV: shape {a['shape']} / {b['shape']}, value bits {'identical' if same else 'DIFFER'}")
        if not same:
            problems.append("CSV")
    for key in ("fit", "evaluate"):
        if key in results and len(results[key]) == 2:
            worst, only = json_difference(results[key]["base"], results[key]["new"])
            print(f"- {key} --json: largest relative difference of the numbers {worst:.1e}"
                  + (f"; keys in one only: {', '.join(only[:8])}{' …' if len(only) > 8 else ''}" if only else ""))
            if worst > 1e-9:
                problems.append(key)
    if problems:
        print(f"- WARNING: results differ for {', '.join(problems)}")

    out_dir = data.parent / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    raw = out_dir / f"compare_{base.short}_{new.short}_{started:%Y%m%dT%H%M%SZ}.json"
    raw.write_text(json.dumps({
        "base": base.sha, "new": new.sha, "started": started.isoformat(), "finished": finished.isoformat(),
        "argv": sys.argv[1:], "load_before": load_before, "seconds": seconds, "per_round": per_round,
        "callgrind": counts, "callgrind_instances": cg_desc,
    }, indent=1))
    print()
    print(f"raw measurements: {raw}")


if __name__ == "__main__":
    main()
