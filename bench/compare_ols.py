#!/usr/bin/env python3
"""Ordinary least squares side by side, in one run, on the same data: numpy
lstsq, scikit-learn LinearRegression and Ridge(solver="cholesky"), and LossKit.

    python3 bench/compare_ols.py                       # 1e6 x 100 and 1e5 x 1000
    python3 bench/compare_ols.py --shapes 200000x50 --repetitions 2

For each shape n x p: X has N(0, 1) entries and y = X beta + N(0, 0.1²)
noise (fixed seed), saved to bench/data/ as column-major (Fortran-order) .npy
files (git-ignored), which LossKit's column-major Matrix reads as they are.
No intercept anywhere (numpy lstsq has none; the others are told
fit_intercept=False / fitIntercept: false), so every solver solves the same
problem. Ridge uses alpha = 1e-12: the normal equations with a negligible
shift (alpha = 0 makes scikit-learn warn and switch solver).

Each implementation is timed as best of --repetitions after --warmup calls;
--rounds passes alternate the Python peers and the LossKit process and keep
each one's best. Printed: seconds, the ratio peer time / LossKit time (> 1:
LossKit is faster), an effective GFLOP/s counted as 2·n·p² flops for every
implementation whatever its algorithm (Householder QR costs 2np² − 2p³/3, the
Gram matrix np² with symmetry or 2np² without, so this is a common yardstick,
not each algorithm's own count), and the largest relative difference of the
coefficients from numpy's, max|b − b_numpy| / max|b_numpy|.
"""
import argparse
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()

import numpy as np  # noqa: E402

SEED = 20261126


def make_data(n, p):
    rng = np.random.default_rng(SEED)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    beta = rng.uniform(-2.0, 2.0, p)
    y = X @ beta + rng.normal(0.0, 0.1, n)
    _common.DATA.mkdir(parents=True, exist_ok=True)
    xp, yp = _common.DATA / f"ols_{n}x{p}_X.npy", _common.DATA / f"ols_{n}x{p}_y.npy"
    np.save(xp, X)
    np.save(yp, y)
    del X, y
    return np.load(xp), np.load(yp), (xp, yp)


def peers(X, y):
    from sklearn.linear_model import LinearRegression, Ridge
    return [
        ("numpy X.T @ X", "gram", lambda: X.T @ X),
        ("numpy linalg.lstsq (gelsd)", "fit", lambda: np.linalg.lstsq(X, y, rcond=None)[0]),
        ("scikit-learn LinearRegression", "fit",
         lambda: LinearRegression(fit_intercept=False).fit(X, y).coef_),
        ('scikit-learn Ridge(solver="cholesky")', "fit",
         lambda: Ridge(alpha=1e-12, solver="cholesky", fit_intercept=False).fit(X, y).coef_),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shapes", nargs="+", default=["1000000x100", "100000x1000"])
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--skip-build", action="store_true", help="use the existing losskit-bench-io")
    args = ap.parse_args()
    tool = _common.build_tool(args.skip_build)

    import sklearn
    print("\n".join(_common.machine_report()))
    print(f"scikit-learn {sklearn.__version__}")
    print(f"warmup {args.warmup}, repetitions {args.repetitions}, rounds {args.rounds}, seed {SEED}; "
          "times are the best over all rounds")

    for shape in args.shapes:
        n, p = map(int, shape.lower().split("x"))
        X, y, (xp, yp) = make_data(n, p)
        flops = 2.0 * n * p * p
        best = {}   # name -> (best, median, kind, coefficients or None)
        coef_path = _common.DATA / f"ols_{n}x{p}_coef_losskit.npy"

        def keep(name, kind, b, m, coef):
            if name not in best or b < best[name][0]:
                best[name] = (b, m, kind, coef)

        for _ in range(args.rounds):
            for name, kind, fn in peers(X, y):
                b, m, result = _common.time_best(fn, args.warmup, args.repetitions)
                keep(name, kind, b, m, np.asarray(result) if kind == "fit" else None)
                del result
            for line in _common.run_tool(tool, "ols", "--x", xp, "--y", yp, "--warmup", args.warmup,
                                         "--repetitions", args.repetitions, "--coef-out", coef_path):
                if line["op"] == "gram":
                    keep("LossKit Matrix.gram()", "gram", line["best_s"], line["median_s"], None)
                else:
                    path = line.get("coef_path")
                    keep(f"LossKit {line['label']}", "fit", line["best_s"], line["median_s"],
                         np.load(path) if path else None)

        reference = best["numpy linalg.lstsq (gelsd)"][3]
        lk = {}
        for name, (b, _, kind, _) in best.items():
            if name.startswith("LossKit") and (kind not in lk or b < lk[kind]):
                lk[kind] = b
        print(f"\n## n x p = {n} x {p} ({X.nbytes / 1e6:.0f} MB of X); "
              f"GFLOP/s counted as 2np² = {flops:.3g} flops")
        rows = []
        for name, (b, m, kind, coef) in best.items():
            diff = "" if coef is None else \
                f"{np.max(np.abs(coef - reference)) / np.max(np.abs(reference)):.1e}"
            rows.append([name, kind, f"{b:.3f}", f"{m:.3f}", f"{flops / b / 1e9:.1f}",
                         f"{b / lk[kind]:.2f}" if kind in lk else "", diff])
        rows.sort(key=lambda r: (r[1] != "gram", not r[0].startswith("LossKit"), float(r[2])))
        _common.print_table(["implementation", "op", "best s", "median s", "GFLOP/s",
                             "peer/best LossKit", "coef rel. diff vs numpy"], rows)
        del X, y


if __name__ == "__main__":
    main()
