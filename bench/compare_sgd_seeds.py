#!/usr/bin/env python3
"""SGD objectives across seeds: LossKit's SGDRegressor and scikit-learn's on the
data of bench/compare_sgd.py (run that script first: it writes the .npy files
under bench/data/ and this one reads them), scikit-learn's defaults, 20 epochs,
raw features (LossKit `--no-standardize`, scikit-learn's exact objective).

    python3 bench/compare_sgd_seeds.py --seeds 0,1,2,3,4,5

For each seed it prints both objectives mean(½(y − b − Xw)²) + α/2‖w‖², their
relative difference, and each one's relative gap to the exact ridge minimum
(numpy least squares on the augmented system). The last SGD iterate is noisy
(η ≈ 1.5e-4 at the end), so one seed says little; the mean over seeds is the
comparison.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, "Benchmarks", ".build", "release", "losskit-bench-io")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="0,1,2,3")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=50)
    ap.add_argument("--alpha", type=float, default=1e-4)
    args = ap.parse_args()
    from sklearn.linear_model import SGDRegressor
    warnings.filterwarnings("ignore")
    base = os.path.join(ROOT, "bench", "data", f"sgd_{args.rows}x{args.cols}")
    xpath, ypath = base + "_x.npy", base + "_y.npy"
    if not os.path.exists(xpath):
        sys.exit(f"{xpath} is missing: run python3 bench/compare_sgd.py --rows {args.rows} --cols {args.cols} first")
    X, y = np.load(xpath), np.load(ypath)
    Xc = np.ascontiguousarray(X)
    n, p = X.shape
    alpha = args.alpha

    def objective(w, b):
        r = y - X @ w - b
        return float(0.5 * np.mean(r * r) + alpha / 2 * (w @ w))

    # Exact minimizer: [1 X; 0 sqrt(n·α) I] [b; w] ≈ [y; 0] (intercept unpenalized).
    A = np.vstack([np.hstack([np.ones((n, 1)), X]), np.hstack([np.zeros((p, 1)), np.sqrt(n * alpha) * np.eye(p)])])
    sol = np.linalg.lstsq(A, np.concatenate([y, np.zeros(p)]), rcond=None)[0]
    fstar = objective(sol[1:], sol[0])
    print(f"data {n} x {p}, alpha {alpha}; exact ridge minimum {fstar:.9g}")
    print(f"{'seed':>4}  {'LossKit':>12}  {'scikit-learn':>12}  {'(LK-sk)/sk':>11}  {'LK gap':>9}  {'sk gap':>9}")
    gaps = []
    with tempfile.TemporaryDirectory() as tmp:
        coef = os.path.join(tmp, "c.npy")
        for s in [int(v) for v in args.seeds.split(",")]:
            subprocess.run([TOOL, "sgd", "--x", xpath, "--y", ypath, "--no-standardize", "--seed", str(s),
                            "--coef-out", coef, "--warmup", "0", "--repetitions", "1"],
                           check=True, capture_output=True, text=True)
            c = np.load(coef)
            lk = objective(c[1:], c[0])
            m = SGDRegressor(max_iter=20, tol=None, random_state=s).fit(Xc, y)
            sk = objective(m.coef_, m.intercept_[0])
            gaps.append(((lk - fstar) / fstar, (sk - fstar) / fstar))
            print(f"{s:>4}  {lk:12.9g}  {sk:12.9g}  {(lk - sk) / sk:+11.2e}  {gaps[-1][0]:9.2e}  {gaps[-1][1]:9.2e}")
    g = np.array(gaps)
    print(f"mean relative gap to the minimum: LossKit {g[:, 0].mean():.3e}, scikit-learn {g[:, 1].mean():.3e}")


if __name__ == "__main__":
    main()
