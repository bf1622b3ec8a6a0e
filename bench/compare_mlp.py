#!/usr/bin/env python3
"""MLP regressor training side by side, in one run, on the same data:
scikit-learn's MLPRegressor, a plain PyTorch CPU training loop (1 and 2
threads) and LossKit's `losskit fit --model mlp` (release build).

    python3 bench/compare_mlp.py                        # the issue's three settings
    python3 bench/compare_mlp.py --cases 100000:64,64 --repetitions 5
    python3 bench/compare_mlp.py --memory               # also peak RSS, 5 vs 50 epochs

Data (seed 20261205): X is n x 20 with N(0, 1) float32 entries,
y = sin(X w / sqrt(20)) + 0.1 x1^2 + 0.1 N(0, 1). Every implementation trains
on X and y standardized the same way (LossKit does it internally; the peers get
StandardScaler'd copies made outside the timing), with ReLU hidden layers,
Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8), batch 256, shuffling every epoch,
and an L2 penalty of scikit-learn's alpha = 1e-4 (LossKit's squared loss is r^2,
scikit-learn's r^2/2, so LossKit gets --alpha 2e-4; PyTorch gets none: its
weight_decay would also shrink biases). Float32 everywhere.

Seconds per epoch: each implementation is timed training E1 and E2 epochs
(tolerance 0, so every epoch runs) and the difference is divided by E2 - E1,
so reading the file, standardizing, the final metrics and start-up are not
counted. Each figure is the median of --repetitions such pairs (1 for 10^6
rows). The machine is shared: the load average is printed, and the CPU
seconds (user + system of the training process, all its threads) are printed
beside the wall clock, since on a loaded machine a process gets a fraction of
a core. "final MSE" is the training MSE in
standardized-y units after E2 epochs (LossKit: its fit --json metrics.mse
divided by var(y)).

LossKit runs the tool: `.build/release/losskit` of this checkout (built with
`swift build -c release --product losskit` unless --skip-build).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()
import numpy as np  # noqa: E402

ROOT = _common.ROOT
TOOL = ROOT / ".build" / "release" / "losskit"
ALPHA_SKLEARN = 1e-4


def make_data(n, p=20, seed=20261205):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p)).astype(np.float32)
    w = rng.normal(size=p)
    y = np.sin(x.astype(np.float64) @ w / np.sqrt(p)) + 0.1 * x[:, 0].astype(np.float64) ** 2 + 0.1 * rng.normal(size=n)
    return x, y


def standardized(x, y):
    xs = ((x - x.mean(axis=0, dtype=np.float64)) / x.std(axis=0, dtype=np.float64)).astype(np.float32)
    ys = ((y - y.mean()) / y.std()).astype(np.float32)
    return xs, ys


def sklearn_run(xs, ys, hidden, epochs):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor
    model = MLPRegressor(hidden_layer_sizes=hidden, activation="relu", solver="adam", alpha=ALPHA_SKLEARN,
                         batch_size=256, learning_rate_init=1e-3, max_iter=epochs, tol=0.0,
                         n_iter_no_change=epochs + 1, shuffle=True, random_state=0)
    t0, c0 = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(xs, ys)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return seconds, cpu, float(np.mean((model.predict(xs) - ys) ** 2))


TORCH_CHILD = r"""
import sys, time, json
import numpy as np, torch
threads, epochs, hidden, path = int(sys.argv[1]), int(sys.argv[2]), [int(h) for h in sys.argv[3].split(",")], sys.argv[4]
torch.set_num_threads(threads)
torch.manual_seed(0)
data = np.load(path)
x = torch.from_numpy(np.ascontiguousarray(data[:, :-1])); y = torch.from_numpy(np.ascontiguousarray(data[:, -1:]))
layers, width = [], x.shape[1]
for h in hidden:
    layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]; width = h
layers.append(torch.nn.Linear(width, 1))
model = torch.nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.MSELoss()
n = x.shape[0]
t0, c0 = time.perf_counter(), time.process_time()
for epoch in range(epochs):
    perm = torch.randperm(n)
    for start in range(0, n, 256):
        idx = perm[start:start + 256]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
seconds = time.perf_counter() - t0
cpu = time.process_time() - c0
with torch.no_grad():
    mse = float(loss_fn(model(x), y))
print(json.dumps({"seconds": seconds, "cpu": cpu, "mse": mse}))
"""


def torch_run(path, hidden, epochs, threads):
    out = subprocess.run([sys.executable, "-c", TORCH_CHILD, str(threads), str(epochs), ",".join(map(str, hidden)), str(path)],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r["seconds"], r["cpu"], r["mse"]


def losskit_command(path, hidden, epochs):
    return [str(TOOL), "fit", str(path), "--target", "c20", "--model", "mlp", "--hidden", ",".join(map(str, hidden)),
            "--activation", "relu", "--solver", "adam", "--batch-size", "256", "--learning-rate", "0.001",
            "--alpha", str(2 * ALPHA_SKLEARN), "--tol", "0", "--patience", "1000000", "--seed", "0",
            "--epochs", str(epochs), "--json"]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def losskit_run(path, hidden, epochs, y_var):
    t0, c0 = time.perf_counter(), children_cpu()
    out = subprocess.run(losskit_command(path, hidden, epochs), check=True, capture_output=True, text=True).stdout
    seconds, cpu = time.perf_counter() - t0, children_cpu() - c0
    r = json.loads(out)
    assert r["epochs"] == epochs, r["epochs"]
    return seconds, cpu, r["metrics"]["mse"] / y_var


def per_epoch(run, e1, e2, repetitions):
    """Medians of (T(e2) - T(e1)) / (e2 - e1) in wall and CPU seconds, and the final MSE after e2 epochs."""
    walls, cpus, mse = [], [], None
    for _ in range(repetitions):
        t1, c1, _ = run(e1)
        t2, c2, mse = run(e2)
        walls.append(max(t2 - t1, 0) / (e2 - e1))
        cpus.append(max(c2 - c1, 0) / (e2 - e1))
    return statistics.median(walls), statistics.median(cpus), mse


def peak_rss_kb(command):
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *command], check=True, capture_output=True, text=True)
    return int(out.stderr.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="100000:64,64;100000:256,256;1000000:64,64",
                        help="rows:hidden cases separated by ';' (default: the issue's three)")
    parser.add_argument("--epochs", default="1,3", help="E1,E2 (default 1,3)")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="peak RSS of the tool, 5 vs 50 epochs, on the first case")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "losskit"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    e1, e2 = map(int, args.epochs.split(","))
    for line in _common.machine_report():
        print(line)
    head = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"LossKit: {head[:100]}")
    print(f"epochs timed: ({e2} - {e1}) per figure, median of {args.repetitions}")
    _common.DATA.mkdir(parents=True, exist_ok=True)
    rows = []
    for case in args.cases.split(";"):
        n_text, hidden_text = case.split(":")
        n, hidden = int(n_text), [int(h) for h in hidden_text.split(",")]
        x, y = make_data(n)
        xs, ys = standardized(x, y)
        raw = _common.DATA / f"mlp_{n}.npy"
        np.save(raw, np.column_stack([x.astype(np.float64), y]))
        std_path = _common.DATA / f"mlp_{n}_std.npy"
        np.save(std_path, np.column_stack([xs, ys]).astype(np.float32))
        y_var = float(y.var())
        repetitions = args.repetitions if n <= 200_000 else 1
        results = {
            "scikit-learn": per_epoch(lambda e: sklearn_run(xs, ys, hidden, e), e1, e2, repetitions),
            "PyTorch 1 thread": per_epoch(lambda e: torch_run(std_path, hidden, e, 1), e1, e2, repetitions),
            "PyTorch 2 threads": per_epoch(lambda e: torch_run(std_path, hidden, e, 2), e1, e2, repetitions),
            "LossKit": per_epoch(lambda e: losskit_run(raw, hidden, e, y_var), e1, e2, repetitions),
        }
        # A difference of 0 or less is noise swamping the epochs (a loaded machine): no ratio then.
        fastest_peer = min((v[0] for k, v in results.items() if k != "LossKit" and v[0] > 0), default=None)
        least_cpu_peer = min((v[1] for k, v in results.items() if k != "LossKit" and v[1] > 0), default=None)

        def ratio(ours, peer):
            return f"{ours / peer:.2f}" if peer and ours > 0 else "n/a"
        for name, (seconds, cpu, mse) in results.items():
            rows.append([f"{n}x20 {hidden}", name, f"{seconds:.4f}", f"{cpu:.4f}", f"{mse:.5f}",
                         ratio(results["LossKit"][0], fastest_peer) if name == "LossKit" else "",
                         ratio(results["LossKit"][1], least_cpu_peer) if name == "LossKit" else ""])
        print(f"  done {case}: load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print()
    _common.print_table(["case", "implementation", "wall s/epoch", "CPU s/epoch", "final MSE (std y)",
                         "LossKit / fastest peer (wall)", "(CPU)"], rows)
    if args.memory:
        n = int(args.cases.split(";")[0].split(":")[0])
        hidden = [int(h) for h in args.cases.split(";")[0].split(":")[1].split(",")]
        raw = _common.DATA / f"mlp_{n}.npy"
        five = peak_rss_kb(losskit_command(raw, hidden, 5))
        fifty = peak_rss_kb(losskit_command(raw, hidden, 50))
        print(f"\npeak RSS of losskit fit --model mlp on {n}x20 (file {raw.stat().st_size / 2**20:.1f} MiB): "
              f"5 epochs {five / 1024:.1f} MiB, 50 epochs {fifty / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
