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
Timing: the 20-epoch fits run interleaved (one call of each per round,
--repetitions rounds, no warm-up); best and median wall seconds and the best
CPU seconds (scikit-learn: process time; LossKit: the tool's own CPU count
around the fit, which excludes reading the .npy files); ratio = peer best /
LossKit best (> 1: LossKit is faster), in wall and in CPU seconds.
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

    def losskit(label, *extra, epochs=E, repetitions=reps):
        out = _common.run_tool(tool, "sgd", "--x", xpath, "--y", ypath, "--epochs", epochs, "--alpha", alpha,
                               "--eta0", eta0, "--coef-out", coef_path, "--warmup", 0, "--repetitions", repetitions, *extra)[0]
        c = np.load(coef_path)
        rows.append((label, out["best_s"], out["median_s"], objective(X, y, c[1:], c[0], alpha)))
        return out["best_s"]

    # scikit-learn and the three LossKit fits, E epochs each, interleaved: one
    # call of each per repetition, so that load from other processes hits all
    # alike. Wall and CPU seconds (scikit-learn: this process's; LossKit: the
    # tool's own count around the fit).
    from sklearn.linear_model import SGDRegressor
    warnings.filterwarnings("ignore")

    fits = [
        ("scikit-learn SGDRegressor", None),
        ("LossKit SGDRegressor, Double, raw features", ["--no-standardize"]),
        ("LossKit SGDRegressor, Float, raw features", ["--no-standardize", "--precision", "float"]),
        ("LossKit SGDRegressor, Double, standardized (default)", []),
    ]
    wall = {label: [] for label, _ in fits}
    cpu = {label: [] for label, _ in fits}
    objectives = {}
    for _ in range(reps):
        for label, extra in fits:
            if extra is None:
                t0, c0 = time.perf_counter(), time.process_time()
                model = SGDRegressor(max_iter=E, tol=None, random_state=0, alpha=alpha, eta0=eta0).fit(X, y)
                wall[label].append(time.perf_counter() - t0)
                cpu[label].append(time.process_time() - c0)
                objectives[label] = objective(X, y, model.coef_, model.intercept_[0], alpha)
            else:
                out = _common.run_tool(tool, "sgd", "--x", xpath, "--y", ypath, "--epochs", E, "--alpha", alpha, "--eta0", eta0,
                                       "--coef-out", coef_path, "--warmup", 0, "--repetitions", 1, *extra)[0]
                wall[label].append(out["best_s"])
                cpu[label].append(out["cpu_s"])
                c = np.load(coef_path)
                objectives[label] = objective(X, y, c[1:], c[0], alpha)
    table = []
    sk_label = fits[0][0]
    sk_wall, _ = _common.best_and_median(wall[sk_label])
    sk_cpu = min(cpu[sk_label])
    ratios = {}
    for label, _ in fits:
        best, median = _common.best_and_median(wall[label])
        ratios[label] = (sk_wall / best, sk_cpu / min(cpu[label]))
        table.append([label, f"{best:.3f}", f"{median:.3f}", f"{min(cpu[label]):.3f}", f"{objectives[label]:.9g}",
                      f"{ratios[label][0]:.2f}", f"{ratios[label][1]:.2f}"])
    print(f"{E} epochs, per-sample updates, invscaling schedule (interleaved, {reps} round(s)):")
    _common.print_table(["fit", "best s", "median s", "cpu s", "objective", "sklearn / this", "cpu ratio"], table)
    print("\nratio scikit-learn / LossKit (best wall; CPU): "
          + ", ".join(f"{name} {ratios[label][0]:.2f}; {ratios[label][1]:.2f}"
                      for name, (label, _) in zip(["Double", "Float", "standardized"], fits[1:])))

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
