#!/usr/bin/env python3
"""Linear support-vector regression side by side, in one run, on the same data:
scikit-learn's LinearSVR (LIBLINEAR) and LossKit's LinearSupportVectorRegression.

    python3 bench/compare_linear_svr.py                      # 100000 x 50
    python3 bench/compare_linear_svr.py --shape 20000x20 --repetitions 3

Data (seed 20261313): X has N(0, 1) entries (n x p, saved Fortran-order to
bench/data/, git-ignored), y = 0.5 + X beta + N(0, 1), beta ~ U(-2, 2).

Problems (C = 1, tol = 1e-4 and max_iter = 1000: scikit-learn's defaults):
- L2 loss, epsilon = 0: scikit-learn LinearSVR(loss="squared_epsilon_insensitive",
  dual=False) = LIBLINEAR's primal trust-region Newton method (-s 11);
  LossKit .trustRegionNewton (what .automatic picks).
- L1 loss, epsilon = 0: scikit-learn LinearSVR(loss="epsilon_insensitive",
  dual=True) = LIBLINEAR's dual coordinate descent (-s 13), which on these
  data stops at its iteration limit; LossKit .automatic, i.e. Newton on the
  smoothed primal, stopping on the relative duality gap <= tol.
Both with the intercept penalized as LIBLINEAR does (intercept_scaling = 1,
LossKit penalizeIntercept), so that the objectives are the same function:
P = 1/2 (|w|^2 + b^2) + C sum l(r_i), computed here in float64 for both from
their coefficients. LossKit's default (unpenalized intercept) is run too and
its objective without the b^2 term printed (it must be <= scikit-learn's P).

Timing: --repetitions interleaved rounds (one scikit-learn fit, then one
LossKit fit of each intercept kind; scikit-learn warmed up once, its slow L1
fit only in the first --slow-repetitions rounds, no warm-up); wall seconds
(best and median) and CPU seconds (median; LossKit's counts both threads).
LossKit's fits run in Benchmarks/losskit-bench-io (its own timers around
LinearSupportVectorRegression.fit after one untimed call, data already in
memory). Ratios = peer / LossKit (> 1: LossKit is faster).
--losses l2 runs only the L2 cases (the L1 peer fit takes ~50 s).
"""
import argparse
import statistics
import sys
import time
import warnings

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()

import numpy as np  # noqa: E402

SEED = 20261313


def make_data(n, p):
    rng = np.random.default_rng(SEED)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    beta = rng.uniform(-2, 2, p)
    y = 0.5 + X @ beta + rng.standard_normal(n)
    _common.DATA.mkdir(parents=True, exist_ok=True)
    xp, yp = _common.DATA / f"linear_svr_{n}x{p}_X.npy", _common.DATA / f"linear_svr_{n}x{p}_y.npy"
    np.save(xp, X)
    np.save(yp, y)
    return X, y, xp, yp


def objective(X, y, coef, intercept, C, eps, loss, penalized):
    r = y - X @ coef - intercept
    excess = np.maximum(np.abs(r) - eps, 0.0)
    value = excess.sum() if loss == "l1" else (excess * excess).sum()
    return 0.5 * (coef @ coef + (intercept * intercept if penalized else 0.0)) + C * value


def sklearn_fit(X, y, loss, dual, C):
    """One scikit-learn fit: (wall s, CPU s, model, hit max_iter)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVR
    m = LinearSVR(loss="epsilon_insensitive" if loss == "l1" else "squared_epsilon_insensitive",
                  dual=dual, C=C, epsilon=0.0, tol=1e-4, max_iter=1000, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        c0, t0 = time.process_time(), time.perf_counter()
        m.fit(X, y)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return elapsed, cpu, m, warned


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", default="100000x50")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--slow-repetitions", type=int, default=1)
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--losses", default="l2,l1",
                    help="comma-separated subset of l2,l1 to run (l1: scikit-learn's fit takes ~50 s)")
    args = ap.parse_args()
    n, p = map(int, args.shape.split("x"))
    tool = _common.build_tool(args.skip_build)
    for line in _common.machine_report():
        print(line)
    import sklearn
    print(f"scikit-learn {sklearn.__version__}")
    X, y, xp, yp = make_data(n, p)
    print(f"data: {n} x {p}, y = 0.5 + X beta + N(0, 1); C = 1, epsilon = 0, tol = 1e-4, max_iter = 1000\n")

    rows = []
    cases = [("l2", False, "primal"), ("l1", True, "automatic")]
    wanted = set(args.losses.split(","))
    for loss, dual, solver in [case for case in cases if case[0] in wanted]:
        # Interleaved rounds: one scikit-learn fit, then one LossKit fit of each
        # intercept kind (the tool's warm-up call untimed), so that load bursts
        # hit both sides alike. scikit-learn's slow L1 fit: --slow-repetitions rounds.
        slow = loss == "l1"
        sk_reps = args.slow_repetitions if slow else args.repetitions
        if not slow:
            sklearn_fit(X, y, loss, dual, 1.0)  # warm-up
        sk_wall, sk_cpu, sk, warned = [], [], None, False
        lk = {True: [], False: []}
        for k in range(max(sk_reps, args.repetitions)):
            if k < sk_reps:
                wall, cpu, sk, warned = sklearn_fit(X, y, loss, dual, 1.0)
                sk_wall.append(wall)
                sk_cpu.append(cpu)
            for penalized in (True, False):
                coef_path = _common.DATA / f"linear_svr_coef_{loss}_{int(penalized)}.npy"
                flags = ["--penalize-intercept"] if penalized else []
                out = _common.run_tool(tool, "linear-svr", "--x", xp, "--y", yp, "--loss", loss, "--solver", solver,
                                       "--tol", "1e-4", "--max-iter", "1000", "--coef-out", coef_path,
                                       "--warmup", 1, "--repetitions", 1, *flags)[0]
                c = np.load(coef_path)
                out["objective"] = objective(X, y, c[1:], c[0], 1.0, 0.0, loss, penalized)
                lk[penalized].append(out)
        sk_obj = objective(X, y, sk.coef_, sk.intercept_[0], 1.0, 0.0, loss, True)
        sk_best, sk_median = min(sk_wall), statistics.median(sk_wall)
        sk_cpu_median = statistics.median(sk_cpu)

        def summary(runs):
            wall = [r["best_s"] for r in runs]
            cpu = [r["cpu_best_s"] for r in runs]
            return min(wall), statistics.median(wall), statistics.median(cpu), runs[-1]

        for penalized in (True, False):
            best, median, cpu_median, last = summary(lk[penalized])
            label = f"{loss.upper()} loss, {'penalized' if penalized else 'unpenalized'} b"
            peer = (f"sklearn dual={dual}: {sk_best:.3f} / {sk_median:.3f} s (CPU {sk_cpu_median:.3f}),"
                    f" n_iter {int(np.max(sk.n_iter_))}" + (" (hit max_iter)" if warned else "")) if penalized else ""
            rows.append([
                label, peer,
                f"LossKit {last['solver']}: {best:.3f} / {median:.3f} s (CPU {cpu_median:.3f}), {last['iterations']} it"
                + ("" if last["converged"] else " (not converged)"),
                f"{sk_best / best:.1f}", f"{sk_median / median:.1f}", f"{sk_cpu_median / cpu_median:.1f}",
                f"{sk_obj:.8g}" if penalized else "", f"{last['objective']:.8g}",
                f"{(sk_obj - last['objective']) / sk_obj:+.2e}",
            ])
    load = __import__("os").getloadavg()
    print(f"load average after the run (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    _common.print_table(["problem", "scikit-learn wall best / median (CPU median)",
                         "LossKit wall best / median (CPU median)", "ratio best", "ratio median", "ratio CPU",
                         "P sklearn", "P LossKit", "(P_sk - P_LK)/P_sk"], rows)
    print("\nratios = scikit-learn / LossKit (> 1: LossKit faster): wall best, wall median, CPU-seconds median"
          " (CPU: both of LossKit's threads counted). P: objective at each solution,"
          " computed here; a positive last column means LossKit's objective is lower (better).")


if __name__ == "__main__":
    main()
