#!/usr/bin/env python3
"""Gradient training side by side, in one run.

    python3 bench/compare_optim.py                       # both parts, default shapes
    python3 bench/compare_optim.py --skip-gd --shapes 100000x50

(a) One full-batch gradient-descent iteration of least squares on n x p =
    1e6 x 100 (LinearModelObjective, squared error, standardized features,
    GradientDescent with a fixed step) against the time to read the same
    800 MB matrix once (BenchSupport.ReadKernel, a plain SIMD sum), measured
    in the same process, interleaved: losskit-bench-io gd-step. The goal is
    an iteration in at most 1.5x the time of two reads of the matrix; the
    ratio printed is iteration / (2 x read).

(b) scikit-learn's HuberRegressor (defaults: epsilon 1.35, alpha 1e-4,
    max_iter 100, tol 1e-5; L-BFGS-B on _huber_loss_and_gradient, jointly over
    coef, intercept and scale) against LossKit's LBFGS on the same objective
    (HuberRegressorObjective: same value at the same (coef, intercept, scale);
    internally standardized coordinates; same start, max_iter 100, gtol 1e-5 on
    the standardized gradient, ftol 2.2e-9) on the same data: X N(0, 1),
    y = 1.5 + X beta + N(0, 1), beta U(-2, 2), 5 % of y given gross
    outliers (+50 N(0, 1)); seed 20261205; X saved
    Fortran-ordered to bench/data/. Both objectives are evaluated by
    scikit-learn's own _huber_loss_and_gradient at each fit, and the
    objective ratio (LossKit / scikit-learn; <= 1 means LossKit's is lower)
    is printed, and both objectives' distance above the minimum F* (LossKit's
    L-BFGS run to gtol 1e-9, ftol 0, untimed), relative to F*. Timing: warm-up then best and median of --repetitions calls
    (for fits above --slow-seconds: no warm-up, --slow-repetitions calls).
"""
import argparse
import sys
import warnings

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()

import numpy as np  # noqa: E402

SEED = 20261205


def make_data(n, p):
    rng = np.random.default_rng(SEED)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    beta = rng.uniform(-2.0, 2.0, p)
    y = 1.5 + X @ beta + rng.standard_normal(n)
    outliers = rng.choice(n, size=n // 20, replace=False)
    y[outliers] += 50.0 * rng.standard_normal(outliers.size)
    xp, yp = _common.save_pair(f"huberreg_{n}x{p}", X, y)
    return X, y, xp, yp


def huber_part(tool, n, p, args):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import HuberRegressor
    from sklearn.linear_model._huber import _huber_loss_and_gradient

    X, y, xp, yp = make_data(n, p)
    sw = np.ones(n)

    def objective(coef, intercept, scale):
        f, _ = _huber_loss_and_gradient(np.concatenate([coef, [intercept, scale]]), X, y, 1.35, 1e-4, sw)
        return f

    def sk():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            m = HuberRegressor().fit(X, y)
        return m, any(issubclass(w.category, ConvergenceWarning) for w in caught)

    sk_best, sk_median, sk_runs, (model, warned) = _common.time_adaptive(sk, args.slow_seconds, args.slow_repetitions, 1, args.repetitions)
    f_sk = objective(model.coef_, model.intercept_, model.scale_)

    coef_path = _common.DATA / f"huberreg_{n}x{p}_losskit_coef.npy"
    probe = _common.run_tool(tool, "huber-regressor", "--x", xp, "--y", yp, "--warmup", 0, "--repetitions", 1,
                             "--coef-out", coef_path)[0]
    if probe["best_s"] > args.slow_seconds:
        reps, warm = args.slow_repetitions, 0
    else:
        reps, warm = args.repetitions, 1
    lk = _common.run_tool(tool, "huber-regressor", "--x", xp, "--y", yp, "--warmup", warm, "--repetitions", reps,
                          "--coef-out", coef_path)[0]
    c = np.load(coef_path)
    f_lk = objective(c[1:-1], c[0], c[-1])
    ref_path = _common.DATA / f"huberreg_{n}x{p}_reference_coef.npy"
    ref = _common.run_tool(tool, "huber-regressor", "--x", xp, "--y", yp, "--warmup", 0, "--repetitions", 1,
                           "--gtol", 1e-9, "--ftol", 0, "--max-iter", 1000, "--coef-out", ref_path)[0]
    r = np.load(ref_path)
    f_star = min(objective(r[1:-1], r[0], r[-1]), f_lk, f_sk)
    coef_diff = np.max(np.abs(c[1:-1] - model.coef_)) / np.max(np.abs(model.coef_))
    rows = [
        ["scikit-learn HuberRegressor()", f"{sk_best:.3f}", f"{sk_median:.3f}", sk_runs, "1.00",
         f"{model.n_iter_}{' (ConvergenceWarning)' if warned else ''}", "", f"{f_sk:.10e}", "",
         f"{(f_sk - f_star) / f_star:.1e}"],
        ["LossKit LBFGS(HuberRegressorObjective)", f"{lk['best_s']:.3f}", f"{lk['median_s']:.3f}", f"{warm}+{reps}",
         f"{lk['best_s'] / sk_best:.2f}", f"{lk['iterations']} ({lk['evaluations']} evals, {lk['stopReason']})",
         f"{coef_diff:.1e}", f"{f_lk:.10e}", f"{f_lk / f_sk:.12f}", f"{(f_lk - f_star) / f_star:.1e}"],
    ]
    print(f"F* = {f_star:.12e} (reference run: {ref['iterations']} iterations, {ref['stopReason']})")
    print(f"\nHuberRegressor objective, n x p = {n} x {p}, 5 % outliers:")
    _common.print_table(["implementation", "best s", "median s", "runs", "LossKit/sklearn", "iterations",
                         "coef rel. diff", "objective (sklearn's function)", "objective ratio", "(F - F*)/F*"], rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", default="100000x50,1000000x50")
    ap.add_argument("--gd-shape", default="1000000x100")
    ap.add_argument("--skip-gd", action="store_true")
    ap.add_argument("--skip-huber", action="store_true")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--slow-seconds", type=float, default=10.0)
    ap.add_argument("--slow-repetitions", type=int, default=3)
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()
    tool = _common.build_tool(args.skip_build)
    for line in _common.machine_report():
        print(line)
    if not args.skip_gd:
        n, p = map(int, args.gd_shape.split("x"))
        r = _common.run_tool(tool, "gd-step", "--rows", n, "--columns", p, "--repetitions", args.repetitions)[0]
        print(f"\nOne full-batch GD iteration of least squares, n x p = {n} x {p} ({r['matrix_bytes'] / 1e6:.0f} MB):")
        _common.print_table(
            ["", "best s", "median s"],
            [["read the matrix once (ReadKernel)", f"{r['read_best']:.4f}", f"{r['read_median']:.4f}"],
             ["one GD iteration (LinearModelObjective)", f"{r['iteration_best']:.4f}", f"{r['iteration_median']:.4f}"]])
        print(f"bandwidth (best read): {r['bandwidth_gbs']:.2f} GB/s; iteration / (2 x read): "
              f"best {r['ratio_to_two_reads_best']:.2f}, median {r['ratio_to_two_reads_median']:.2f} "
              f"({r['iterations_timed']} iterations timed; goal <= 1.5)")
    if not args.skip_huber:
        for shape in args.shapes.split(","):
            n, p = map(int, shape.split("x"))
            huber_part(tool, n, p, args)


if __name__ == "__main__":
    main()
