#!/usr/bin/env python3
"""MSE side by side, in one run, on the same data: numpy, scikit-learn, PyTorch
and LossKit, plus the bandwidth floor (a plain read of the same two arrays).

    python3 bench/compare_losses.py                 # n = 1e7, float32 and float64
    python3 bench/compare_losses.py --n 1000000 --dtype float64 --rounds 1

Generates n predictions and targets with a fixed seed, writes them to
bench/data/ as .npy (git-ignored), times each implementation on those arrays
(best of --repetitions after --warmup calls, the implementations of one process
called in turn, one call each per repetition, so load bursts hit them alike;
--rounds passes alternate the Python peers and the LossKit process, keeping
each one's best), and prints
milliseconds, GB/s (bytes that must move: 2 arrays read for a value, 2 read +
1 written for value+gradient), the ratio peer time / LossKit time (> 1: LossKit
is faster) and each value's relative difference from an extended-precision
reference. LossKit runs as Benchmarks/.build/release/losskit-bench-io, a
release executable that reads the same .npy files.
"""
import argparse
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()

import numpy as np  # noqa: E402

SEED = 20261126

# losskit-bench-io mse's operations: (kind, label).
LOSSKIT_OPS = {
    "read": ("read", "LossKit read kernel (floor)"),
    "mse": ("value", "LossKit SquaredError().loss"),
    "mse_value_and_gradient": ("value+gradient", "LossKit valueAndGradient(into:)"),
    "mse_value_and_gradient_array": ("value+gradient", "LossKit valueAndGradient -> [T]"),
}


def make_data(n, dtype):
    """Targets uniform in [-1, 1), predictions = targets + N(0, 0.1²) noise."""
    rng = np.random.default_rng(SEED)
    targets = rng.uniform(-1.0, 1.0, n).astype(dtype)
    predictions = (targets + rng.normal(0.0, 0.1, n)).astype(dtype)
    _common.DATA.mkdir(parents=True, exist_ok=True)
    name = np.dtype(dtype).name
    paths = (_common.DATA / f"mse_{name}_{n}_predictions.npy",
             _common.DATA / f"mse_{name}_{n}_targets.npy")
    np.save(paths[0], predictions)
    np.save(paths[1], targets)
    # Time on what was written, exactly as LossKit reads it.
    return np.load(paths[0]), np.load(paths[1]), paths


def reference_mse(p, t):
    """Mean of squared differences in extended precision (long double)."""
    d = p.astype(np.longdouble) - t.astype(np.longdouble)
    return float(np.mean(d * d, dtype=np.longdouble))


def peers(p, t, use_torch):
    """(name, kind, callable) for every peer; kind is read | value | value+gradient."""
    from sklearn.metrics import mean_squared_error
    n = p.size

    def numpy_value_and_gradient():
        d = p - t
        return np.mean(d * d), (2.0 / n) * d

    out = [
        ("numpy a.sum() + b.sum()", "read", lambda: p.sum() + t.sum()),
        ("numpy np.mean((a-b)**2)", "value", lambda: np.mean((p - t) ** 2)),
        ("scikit-learn mean_squared_error", "value", lambda: mean_squared_error(t, p)),
        ("numpy d=a-b; mean(d*d), 2d/n", "value+gradient", numpy_value_and_gradient),
    ]
    if use_torch:
        import torch
        import torch.nn.functional as F
        tp, tt = torch.from_numpy(p), torch.from_numpy(t)
        threads = torch_default_threads()

        def torch_value(k):
            def run():
                torch.set_num_threads(k)
                with torch.no_grad():
                    return F.mse_loss(tp, tt)
            return run

        def torch_value_and_gradient(k):
            def run():
                torch.set_num_threads(k)
                x = tp.detach().requires_grad_(True)
                loss = F.mse_loss(x, tt)
                loss.backward()
                return loss.detach(), x.grad
            return run

        out += [
            (f"torch F.mse_loss ({threads} threads)", "value", torch_value(threads)),
            ("torch F.mse_loss (1 thread)", "value", torch_value(1)),
            (f"torch mse_loss + backward ({threads} threads)", "value+gradient", torch_value_and_gradient(threads)),
            ("torch mse_loss + backward (1 thread)", "value+gradient", torch_value_and_gradient(1)),
        ]
    return out


_torch_threads = []


def torch_default_threads():
    """torch's own thread count, read before any peer changes it."""
    import torch
    if not _torch_threads:
        _torch_threads.append(torch.get_num_threads())
    return _torch_threads[0]


def scalar(v):
    return float(v[0] if isinstance(v, tuple) else v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--dtype", nargs="+", default=["float32", "float64"], choices=["float32", "float64"])
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--repetitions", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=2, help="alternating passes; each one's best is kept")
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--skip-build", action="store_true", help="use the existing losskit-bench-io")
    args = ap.parse_args()

    use_torch = not args.no_torch
    if use_torch:
        try:
            import torch  # noqa: F401
        except ImportError:
            print("torch not installed: comparing without it", file=sys.stderr)
            use_torch = False
    tool = _common.build_tool(args.skip_build)

    print("\n".join(_common.machine_report()))
    if use_torch:
        import torch
        print(f"torch {torch.__version__}, {torch_default_threads()} threads by default")
    import sklearn
    print(f"scikit-learn {sklearn.__version__}")
    print(f"n = {args.n}, warmup {args.warmup}, repetitions {args.repetitions}, rounds {args.rounds}, "
          f"seed {SEED}; times are the best over all rounds")

    for dtype in args.dtype:
        p, t, (pp, tp) = make_data(args.n, dtype)
        size = p.itemsize
        ref = reference_mse(p, t)
        bytes_for = {"read": 2 * args.n * size, "value": 2 * args.n * size,
                     "value+gradient": 3 * args.n * size}
        best = {}    # name -> (best, median, kind, value)
        gradient_path = _common.DATA / f"mse_{dtype}_{args.n}_gradient_losskit.npy"

        paired = {op: [] for op in LOSSKIT_OPS}   # op -> [read seconds / op seconds], per repetition

        def keep(name, kind, b, m, value):
            if name not in best or b < best[name][0]:
                best[name] = (b, m, kind, value)

        for rnd in range(args.rounds):
            table = peers(p, t, use_torch)
            timed = _common.time_interleaved([fn for _, _, fn in table], args.warmup, args.repetitions)
            for (name, kind, _), (b, m, result) in zip(table, timed):
                keep(name, kind, b, m, scalar(result))
            extra = ["--gradient-out", gradient_path] if rnd == 0 else []
            lines = _common.run_tool(tool, "mse", "--predictions", pp, "--targets", tp,
                                     "--warmup", args.warmup, "--repetitions", args.repetitions, *extra)
            # The tool times its operations in turn, one call each per repetition:
            # the ratio of each pair of calls is taken under the same load.
            read_seconds = next(l["seconds"] for l in lines if l["op"] == "read")
            for line in lines:
                paired[line["op"]] += [r / s for r, s in zip(read_seconds, line["seconds"])]
            for line in lines:
                kind, label = LOSSKIT_OPS[line["op"]]
                keep(label, kind, line["best_s"], line["median_s"], line["value"])

        lk = {kind: best[label][0] for op, (kind, label) in LOSSKIT_OPS.items()
              if op != "mse_value_and_gradient_array"}
        print(f"\n## {dtype}, n = {args.n}: {2 * args.n * size / 1e6:.0f} MB read per value call; "
              f"reference MSE (long double) = {ref:.17g}")
        rows = []
        for name, (b, m, kind, value) in best.items():
            ratio = b / lk[kind] if kind in lk else float("nan")
            rel = "" if kind == "read" else f"{abs(value - ref) / abs(ref):.1e}"
            rows.append([name, kind, f"{b * 1e3:.2f}", f"{m * 1e3:.2f}", f"{bytes_for[kind] / b / 1e9:.2f}",
                         f"{ratio:.2f}", rel])
        kinds = ["read", "value", "value+gradient"]
        rows.sort(key=lambda r: (kinds.index(r[1]), not r[0].startswith("LossKit"), float(r[2])))
        _common.print_table(["implementation", "op", "best ms", "median ms", "GB/s", "peer/LossKit", "rel. diff"], rows)
        read_bw = bytes_for["read"] / lk["read"]
        for op, (kind, label) in LOSSKIT_OPS.items():
            if kind == "read":
                continue
            share = bytes_for[kind] / bytes_for["read"] * np.asarray(paired[op])
            print(f"{label}: bandwidth {np.median(share) * 100:.0f} % of the read floor's "
                  f"(median of {share.size} back-to-back pairs; best vs best: "
                  f"{bytes_for[kind] / best[label][0] / read_bw * 100:.0f} %)")
        if gradient_path.exists():
            g = np.load(gradient_path)
            g_ref = 2.0 * (p.astype(np.float64) - t.astype(np.float64)) / args.n
            err = np.max(np.abs(g.astype(np.float64) - g_ref)) / np.max(np.abs(g_ref))
            print(f"LossKit gradient vs 2(a-b)/n in float64: max |diff| / max |g| = {err:.1e}")


if __name__ == "__main__":
    main()
