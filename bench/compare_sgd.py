#!/usr/bin/env python3
"""SGD linear regression side by side, in one run, on the same data:
LossKit's SGDRegressor, scikit-learn's SGDRegressor and a plain PyTorch loop.

    python3 bench/compare_sgd.py                       # 1000000 x 50, 20 epochs
    python3 bench/compare_sgd.py --rows 100000 --repetitions 5

Data (seed 20261205): X has N(0, 1) entries, y = 1.5 + X beta + 0.5 N(0, 1).
X is saved to bench/data/ as a Fortran-order .npy file (git-ignored) for
LossKit; scikit-learn gets the same values C-contiguous (what its SGD reads;
the copy is made outside the timing).

- scikit-learn `SGDRegressor(max_iter=E, tol=None, random_state=0)`: its
  defaults (squared_error, l2, alpha 1e-4, invscaling, eta0 0.01, power_t
  0.25), per-sample updates, E epochs, single-threaded.
- LossKit `SGDRegressor` with the same settings (`losskit-bench-io sgd`,
  release build; the .npy read is outside the timing, the fit's own data
  check and its row-major copy are inside), in Double and in Float, with
  `--no-standardize` so that it minimizes exactly scikit-learn's objective
  on the raw features, and once with its default internal standardization.
- PyTorch: `nn.Linear(p, 1)`, loss 0.5·MSE, `torch.optim.SGD(lr=eta0,
  weight_decay=alpha)` (constant rate), one epoch over a shuffled order,
  CPU, one thread; with mini-batches of 32 over the whole data, and per
  sample (batch 1) over the first --torch-sample-rows rows, scaled to n rows
  (marked "est."). LossKit runs the same epoch (constant rate, batch 32 / 1).

The objective of every fit is computed here the same way:
mean(0.5 (y - b - X w)^2) + alpha/2 ||w||^2 (scikit-learn's definition).
Timing: best and median of --repetitions calls (no warm-up for the slow
20-epoch fits); ratio = peer best / LossKit best (> 1: LossKit is faster).
"""
import argparse
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()

import numpy as np  # noqa: E402


def objective(X, y, w, b, alpha):
    r = y - X @ w - b
    return float(0.5 * np.mean(r * r) + alpha / 2 * (w @ w))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=50)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--torch-sample-rows", type=int, default=20_000)
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()
    n, p, E, reps = args.rows, args.cols, args.epochs, args.repetitions
    alpha, eta0 = 1e-4, 0.01

    tool = _common.build_tool(args.skip_build)
    for line in _common.machine_report():
        print(line)
    print(f"data: {n} x {p}, {E} epochs, repetitions {reps}\n")

    rng = np.random.default_rng(20261205)
    X = rng.standard_normal((n, p))
    beta = rng.standard_normal(p)
    y = 1.5 + X @ beta + 0.5 * rng.standard_normal(n)
    _common.DATA.mkdir(parents=True, exist_ok=True)
    xpath, ypath = _common.DATA / f"sgd_{n}x{p}_x.npy", _common.DATA / f"sgd_{n}x{p}_y.npy"
    coef_path = _common.DATA / f"sgd_{n}x{p}_coef.npy"
    np.save(xpath, np.asfortranarray(X))
    np.save(ypath, y)

    rows = []

    def losskit(label, *extra, epochs=E):
        out = _common.run_tool(tool, "sgd", "--x", xpath, "--y", ypath, "--epochs", epochs, "--alpha", alpha,
                               "--eta0", eta0, "--coef-out", coef_path, "--warmup", 0, "--repetitions", reps, *extra)[0]
        c = np.load(coef_path)
        rows.append((label, out["best_s"], out["median_s"], objective(X, y, c[1:], c[0], alpha)))
        return out["best_s"]

    # scikit-learn, E epochs.
    from sklearn.linear_model import SGDRegressor
    warnings.filterwarnings("ignore")

    def sk():
        return SGDRegressor(max_iter=E, tol=None, random_state=0, alpha=alpha, eta0=eta0).fit(X, y)

    best, median, model = _common.time_best(sk, warmup=0, repetitions=reps)
    sk_row = ("scikit-learn SGDRegressor", best, median, objective(X, y, model.coef_, model.intercept_[0], alpha))
    rows.append(sk_row)
    lk_double = losskit("LossKit SGDRegressor, Double, raw features", "--no-standardize")
    lk_float = losskit("LossKit SGDRegressor, Float, raw features", "--no-standardize", "--precision", "float")
    losskit("LossKit SGDRegressor, Double, standardized (default)")

    print(f"{E} epochs, per-sample updates, invscaling schedule:")
    _common.print_table(["fit", "best s", "median s", "objective", "sklearn / this"],
                        [[r[0], f"{r[1]:.3f}", f"{r[2]:.3f}", f"{r[3]:.9g}", f"{sk_row[1] / r[1]:.2f}"] for r in rows])
    print(f"\nratio scikit-learn / LossKit (best): Double {sk_row[1] / lk_double:.2f}, Float {sk_row[1] / lk_float:.2f}")

    # One epoch against a plain PyTorch loop.
    import torch
    torch.set_num_threads(1)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def torch_epoch(batch, limit):
        model = torch.nn.Linear(p, 1, dtype=torch.float64)
        torch.nn.init.zeros_(model.weight)
        torch.nn.init.zeros_(model.bias)
        opt = torch.optim.SGD(model.parameters(), lr=eta0, weight_decay=alpha)
        order = torch.randperm(limit, generator=torch.Generator().manual_seed(0))
        for start in range(0, limit, batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = 0.5 * torch.mean((model(Xt[idx]).squeeze(1) - yt[idx]) ** 2)
            loss.backward()
            opt.step()
        return model

    rows.clear()
    t32, m32, model = _common.time_best(lambda: torch_epoch(32, n), warmup=0, repetitions=reps)
    w = model.weight.detach().numpy().ravel()
    rows.append(("PyTorch loop, batch 32, 1 epoch", t32, m32, objective(X, y, w, float(model.bias.detach()[0]), alpha)))
    limit = min(n, args.torch_sample_rows)
    t1, m1, _ = _common.time_best(lambda: torch_epoch(1, limit), warmup=0, repetitions=1)
    rows.append((f"PyTorch loop, batch 1, 1 epoch (est. from {limit} rows)", t1 * n / limit, m1 * n / limit, float("nan")))
    lk32 = losskit("LossKit, batch 32, 1 epoch", "--learning-rate", "constant", "--batch-size", 32, "--no-standardize", epochs=1)
    lk1 = losskit("LossKit, batch 1, 1 epoch", "--learning-rate", "constant", "--no-standardize", epochs=1)
    print("\nOne epoch, constant rate 0.01, Double:")
    _common.print_table(["fit", "best s", "median s", "objective"],
                        [[r[0], f"{r[1]:.3f}", f"{r[2]:.3f}", f"{r[3]:.9g}"] for r in rows])
    print(f"\nratio PyTorch / LossKit (best): batch 32 {t32 / lk32:.1f}, batch 1 (est.) {t1 * n / limit / lk1:.1f}")


if __name__ == "__main__":
    main()
