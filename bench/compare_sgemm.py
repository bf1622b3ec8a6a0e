#!/usr/bin/env python3
"""Single-precision GEMM side by side, in one run: numpy's float32 matmul
(OpenBLAS sgemm) and LossKit's FloatKernels.gemm, each on one thread and on
two, in GFLOP/s (2·m·n·k flops per product).

    python3 bench/compare_sgemm.py                  # every case, 3 rounds
    python3 bench/compare_sgemm.py --rounds 1 --skip-build

Cases: square products 64 … 2048 (C = A·B), and the MLP's tall-skinny ones
(batch 256, 20 inputs, 64 hidden units) in both activation layouts with the
transposed products backpropagation needs:
  batch × features (Z = X·W):       forward NN m×k×n = 256×k×64,
                                     dX = dZ·Wᵀ (NT 256×64×k), dW = Xᵀ·dZ (TN k×256×64)
  features × batch (Z = Wᵀ·X):      forward TN 64×k×256,
                                     dX = W·dZ (NN k×64×256), dW = X·dZᵀ (NT k×256×64)
for k = 20 (first layer) and k = 64 (second layer).

A case is written <opA><opB>:<m>x<k>x<n> (op = N or T): C (m×n) = op(A)·op(B).
Both sides use column-major (Fortran-order) operands with the transposes as
views, so numpy hands OpenBLAS the same sgemm as LossKit computes. Each timed
sample is enough back-to-back calls to last --min-sample-seconds; a side's
figure for a case is the best sample of a round, and the median over
--rounds rounds is reported (rounds alternate numpy and LossKit so that load
bursts from other processes hit both). Each sample is timed by the wall clock
and, for the one-thread runs, also by the calling thread's CPU time: on a
machine whose cores other processes share, the CPU-time table is the one that
compares the kernels (a thread that is descheduled accrues no CPU time). numpy's time includes its per-call
Python overhead (~1 µs), which matters only for the tall-skinny cases: that is
what a caller of numpy pays. Threads: threadpoolctl limits OpenBLAS to 1 or 2;
LossKit's one-thread figure is `threaded: false`, its two-thread figure the
library's own split over both cores.
"""
import argparse
import statistics
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _common  # noqa: E402

_common.reexec_without_blas_overrides()

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

SQUARE = [f"NN:{s}x{s}x{s}" for s in (64, 128, 256, 512, 1024, 2048)]
MLP = []
for k in (20, 64):
    MLP += [f"NN:256x{k}x64", f"NT:256x64x{k}", f"TN:{k}x256x64",    # batch × features
            f"TN:64x{k}x256", f"NN:{k}x64x256", f"NT:{k}x256x64"]    # features × batch
MLP_LABEL = {}
for k in (20, 64):
    MLP_LABEL.update({f"NN:256x{k}x64": "X·W", f"NT:256x64x{k}": "dZ·Wᵀ", f"TN:{k}x256x64": "Xᵀ·dZ",
                      f"TN:64x{k}x256": "Wᵀ·X", f"NN:{k}x64x256": "W·dZ", f"NT:{k}x256x64": "X·dZᵀ"})


def parse(case):
    ops, dims = case.split(":")
    m, k, n = map(int, dims.split("x"))
    return ops[0] == "T", ops[1] == "T", m, k, n


def numpy_gflops(case, threads, repetitions, min_sample):
    """(GFLOP/s by the wall clock, GFLOP/s by this thread's CPU time)."""
    ta, tb, m, k, n = parse(case)
    rng = np.random.default_rng(1)
    a = np.asfortranarray(rng.uniform(-1, 1, (k, m) if ta else (m, k)).astype(np.float32))
    b = np.asfortranarray(rng.uniform(-1, 1, (n, k) if tb else (k, n)).astype(np.float32))
    op_a, op_b = (a.T if ta else a), (b.T if tb else b)
    out = np.empty((m, n), dtype=np.float32)
    with threadpool_limits(limits=threads, user_api="blas"):
        def call():
            np.matmul(op_a, op_b, out=out)
        t0 = time.perf_counter()
        for _ in range(3):
            call()
        once = (time.perf_counter() - t0) / 3
        inner = max(1, int(min_sample / max(once, 1e-9)) + 1)

        cpu = []

        def sample():
            t0 = time.thread_time()
            for _ in range(inner):
                call()
            cpu.append(time.thread_time() - t0)
        best, _, _ = _common.time_best(sample, warmup=1, repetitions=repetitions)
    flops = 2.0 * m * n * k
    return flops / (best / inner) / 1e9, flops / (min(cpu[1:]) / inner) / 1e9


def losskit_gflops(tool, cases, threads, repetitions, min_sample):
    args = ["sgemm", "--threads", threads, "--repetitions", repetitions, "--warmup", 1,
            "--min-sample-seconds", min_sample]
    for c in cases:
        args += ["--case", c]
    return {line["case"]: (line["gflops_best"], line["gflops_cpu_best"]) for line in _common.run_tool(tool, *args)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--min-sample-seconds", type=float, default=0.02)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--cases", nargs="*", help="only these cases (default: all)")
    args = parser.parse_args()

    tool = _common.build_tool(args.skip_build)
    cases = args.cases or SQUARE + MLP
    for line in _common.machine_report():
        print(line)
    print(f"command: python3 bench/compare_sgemm.py --rounds {args.rounds} --repetitions {args.repetitions}")
    print()

    runs = {(side, t): {c: [] for c in cases} for side in ("numpy", "losskit") for t in (1, 2)}
    for r in range(args.rounds):
        for t in (1, 2):
            for c in cases:
                runs[("numpy", t)][c].append(numpy_gflops(c, t, args.repetitions, args.min_sample_seconds))
            lk = losskit_gflops(tool, cases, t, args.repetitions, args.min_sample_seconds)
            for c in cases:
                runs[("losskit", t)][c].append(lk[c])
    load = __import__("os").getloadavg()
    print(f"load average after the run (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print()

    def med(side, t, c, which):
        return statistics.median(x[which] for x in runs[(side, t)][c])

    headers = ["case (C = op(A)·op(B))", "layer op", "numpy 1t", "LossKit 1t", "ratio 1t",
               "numpy 2t", "LossKit 2t", "ratio 2t"]
    rows = []
    for c in cases:
        n1, l1, n2, l2 = med("numpy", 1, c, 0), med("losskit", 1, c, 0), med("numpy", 2, c, 0), med("losskit", 2, c, 0)
        rows.append([c, MLP_LABEL.get(c, ""), f"{n1:.1f}", f"{l1:.1f}", f"{l1 / n1:.2f}",
                     f"{n2:.1f}", f"{l2:.1f}", f"{l2 / n2:.2f}"])
    print("Wall clock: GFLOP/s, median over rounds of each round's best; ratio = LossKit / numpy (> 1: LossKit faster)")
    _common.print_table(headers, rows)
    print()
    rows = []
    for c in cases:
        n1, l1 = med("numpy", 1, c, 1), med("losskit", 1, c, 1)
        rows.append([c, MLP_LABEL.get(c, ""), f"{n1:.1f}", f"{l1:.1f}", f"{l1 / n1:.2f}"])
    print("One thread, by the thread's CPU time: GFLOP/s, median over rounds of each round's best")
    _common.print_table(headers[:5], rows)


if __name__ == "__main__":
    main()
