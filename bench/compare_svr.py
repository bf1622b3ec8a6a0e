#!/usr/bin/env python3
"""Kernel support-vector regression side by side, in one run, on the same data:
scikit-learn SVR (libsvm) and `losskit fit --model svr` (release build).

    swift build -c release --product losskit
    python3 bench/compare_svr.py                       # 10000 and 20000 rows
    python3 bench/compare_svr.py --rows 10000,20000,40000 --repetitions 3

Data (seed 20261205): 20 standard-normal features, y = sin(x0) + x1*x2 +
0.1*N(0, 1). Both fit SVR(kernel="rbf", C=1, epsilon=0.1, gamma="scale",
tol=1e-3, cache_size=200, shrinking=True). The CSV is written once per size
(bench/data/, git-ignored); LossKit's time is the whole `losskit fit`
process (reading the CSV, the fit, the training metrics), scikit-learn's is
`SVR.fit` alone.

Printed per size: best and median seconds of each, the ratio
sklearn / LossKit (> 1: LossKit is faster), support-vector counts and the
dual objectives (scikit-learn's computed from dual_coef_ and the kernel
matrix in blocks: 1/2 b'Kb + eps*sum|b| - y'b; LossKit's from its JSON).

Then the model file: a kernel-svr file with 100 000 support vectors (20
features, written here in LossKit's format) is loaded and used to predict
100 rows by `losskit predict`; the whole process is timed.
"""
import argparse
import base64
import json
import resource
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.svm import SVR

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
TOOL = ROOT / ".build" / "release" / "losskit"


def make(n, p=20, seed=20261205):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, p))
    y = np.sin(x[:, 0]) + x[:, 1] * x[:, 2] + 0.1 * rng.standard_normal(n)
    return x, y


def write_csv(path, x, y):
    p = x.shape[1]
    header = ",".join([f"x{j}" for j in range(p)] + ["y"])
    np.savetxt(path, np.column_stack([x, y]), delimiter=",", header=header, comments="", fmt="%.17g")


def dual_objective(x, y, support, coef, gamma, eps, block=2000):
    xs = x[support]
    sq = (xs * xs).sum(1)
    quad = 0.0
    for lo in range(0, len(support), block):
        hi = min(len(support), lo + block)
        d = sq[lo:hi, None] + sq[None, :] - 2 * xs[lo:hi] @ xs.T
        quad += coef[lo:hi] @ (np.exp(-gamma * d) @ coef)
    return 0.5 * quad + eps * np.abs(coef).sum() - y[support] @ coef


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_losskit(csv):
    t0, c0 = time.perf_counter(), child_cpu()
    out = subprocess.run([str(TOOL), "fit", str(csv), "--target", "y", "--model", "svr", "--json"],
                         check=True, capture_output=True, text=True)
    return time.perf_counter() - t0, child_cpu() - c0, json.loads(out.stdout)


def run_sklearn(x, y):
    svr = SVR(kernel="rbf", C=1.0, epsilon=0.1, gamma="scale", tol=1e-3, cache_size=200)
    t0, c0 = time.perf_counter(), time.process_time()
    svr.fit(x, y)
    return time.perf_counter() - t0, time.process_time() - c0, svr


def model_file_check(repetitions):
    m, p = 100_000, 20
    rng = np.random.default_rng(7)
    sv = rng.standard_normal((m, p))
    beta = rng.uniform(-1, 1, m)
    doc = {
        "format": "losskit-model", "version": 1, "kind": "kernel-svr",
        "featureNames": [f"x{j}" for j in range(p)],
        "kernel": {"name": "rbf", "gamma": 0.05, "coef0": 0.0, "degree": 3},
        "loss": "l1", "C": 1.0, "epsilon": 0.1, "intercept": 0.25, "supportVectorCount": m,
        "supportVectors": base64.b64encode(sv.astype("<f8").tobytes()).decode(),
        "dualCoefficients": base64.b64encode(beta.astype("<f8").tobytes()).decode(),
        "supportRows": list(range(m)), "dualObjective": -1.0, "iterations": 1, "converged": True,
        "training": {"observationCount": m, "totalWeight": float(m), "weighted": False, "warnings": []},
    }
    model = DATA / "svr-100000-sv.json"
    model.write_text(json.dumps(doc))
    rows = DATA / "svr-predict-100.csv"
    x, _ = make(100, p, seed=3)
    np.savetxt(rows, x, delimiter=",", header=",".join(f"x{j}" for j in range(p)), comments="", fmt="%.17g")
    times = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        out = subprocess.run([str(TOOL), "predict", str(model), str(rows)], check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
    # Check a few predictions against numpy.
    got = np.array([float(line.split(",")[-1]) for line in out.stdout.strip().splitlines()[1:]])
    d = (x * x).sum(1)[:, None] + (sv * sv).sum(1)[None, :] - 2 * x @ sv.T
    want = np.exp(-0.05 * d) @ beta + 0.25
    err = np.max(np.abs(got - want)) / np.max(np.abs(want))
    size = model.stat().st_size / 1e6
    print(f"\nmodel file: 100000 support vectors x 20 features ({size:.1f} MB); `losskit predict` of 100 rows "
          f"(load + predict, whole process): best {min(times):.3f} s, median {statistics.median(times):.3f} s; "
          f"max rel. difference from numpy {err:.1e}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="10000,20000")
    ap.add_argument("--repetitions", type=int, default=3)
    args = ap.parse_args()
    if not TOOL.exists():
        sys.exit(f"build the tool first: swift build -c release --product losskit ({TOOL} is missing)")
    DATA.mkdir(parents=True, exist_ok=True)
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f} at start")
    print("wall = elapsed seconds; cpu = user + system seconds (all threads). ratio = sklearn / LossKit, best of each.")
    print(f"{'rows':>6} {'sk wall best':>12} {'median':>7} {'sk cpu':>7} {'LK wall best':>12} {'median':>7} {'LK cpu':>7} "
          f"{'ratio wall':>10} {'ratio cpu':>9} {'SV sk':>6} {'SV lk':>6} {'dual sk':>14} {'dual lk':>14} {'rel diff':>9}")
    for n in [int(v) for v in args.rows.split(",")]:
        x, y = make(n)
        csv = DATA / f"svr-{n}.csv"
        write_csv(csv, x, y)
        sk_times, lk_times, sk_cpu, lk_cpu = [], [], [], []
        for _ in range(args.repetitions):   # interleaved, so load bursts hit both alike
            t, c, svr = run_sklearn(x, y)
            sk_times.append(t)
            sk_cpu.append(c)
            t, c, out = run_losskit(csv)
            lk_times.append(t)
            lk_cpu.append(c)
        dual_sk = dual_objective(x, y, svr.support_, svr.dual_coef_[0], svr._gamma, 0.1)
        dual_lk = out["dual_objective"]
        print(f"{n:>6} {min(sk_times):>12.2f} {statistics.median(sk_times):>7.2f} {min(sk_cpu):>7.2f} "
              f"{min(lk_times):>12.2f} {statistics.median(lk_times):>7.2f} {min(lk_cpu):>7.2f} "
              f"{min(sk_times) / min(lk_times):>10.2f} {min(sk_cpu) / min(lk_cpu):>9.2f} {len(svr.support_):>6} "
              f"{out['support_vectors']:>6} {dual_sk:>14.8f} {dual_lk:>14.8f} {abs(dual_lk - dual_sk) / abs(dual_sk):>9.1e}",
              flush=True)
    model_file_check(args.repetitions)
    print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
