import ArgumentParser
import BenchSupport
import LossKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// LossKit's single-precision GEMM (`FloatKernels.gemm`) on seeded uniform
/// matrices, for `bench/compare_sgemm.py`. Each timed sample is `inner`
/// back-to-back calls (so microsecond products are timed above the clock's
/// noise); one JSON line per case with seconds per call and GFLOP/s, by the
/// wall clock and by the calling thread's CPU time (the latter is what a
/// one-thread product costs when other processes share the cores).
struct SGEMMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sgemm",
        abstract: "Time FloatKernels.gemm (C = op(A)·op(B), column-major float) on seeded matrices."
    )

    @Option(name: .customLong("case"),
            help: "A product as <opA><opB>:<m>x<k>x<n>, N or T each, e.g. NN:512x512x512, TN:64x256x20 (repeatable).")
    var cases: [String]

    @Option(help: "1: the calling thread only; 2 (or more): the library's threaded split over all cores.")
    var threads = 1

    @Option(help: "Minimum seconds per timed sample (sets the calls per sample).")
    var minSampleSeconds = 0.02

    @OptionGroup var timing: TimingOptions

    struct Case {
        var transA: Bool, transB: Bool, m: Int, k: Int, n: Int

        init(_ text: String) throws {
            let parts = text.split(separator: ":")
            let dims = parts.count == 2 ? parts[1].split(separator: "x").compactMap { Int($0) } : []
            guard parts.count == 2, parts[0].count == 2, parts[0].allSatisfy({ $0 == "N" || $0 == "T" }),
                  dims.count == 3, dims.allSatisfy({ $0 > 0 })
            else { throw ValidationError("--case \(text): expected <N|T><N|T>:<m>x<k>x<n> with positive sizes") }
            transA = parts[0].first == "T"
            transB = parts[0].last == "T"
            (m, k, n) = (dims[0], dims[1], dims[2])
        }
    }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1") }
        guard minSampleSeconds > 0 else { throw ValidationError("--min-sample-seconds must be > 0") }
        for text in cases { _ = try Case(text) }
    }

    func run() throws {
        for text in cases {
            let c = try Case(text)
            // op(A) is m×k: stored k×m when transposed; op(B) is k×n: stored n×k when transposed.
            let (lda, ldb) = (c.transA ? c.k : c.m, c.transB ? c.n : c.k)
            let a: [Float] = SeededData.uniform(count: c.m * c.k, seed: 1)
            let b: [Float] = SeededData.uniform(count: c.k * c.n, seed: 2)
            var out = [Float](repeating: 0, count: c.m * c.n)
            let threaded = threads > 1
            let flops = 2.0 * Double(c.m) * Double(c.n) * Double(c.k)
            let result = a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    out.withUnsafeMutableBufferPointer { cp in
                        let (pa, pb, pc) = (ap.baseAddress!, bp.baseAddress!, cp.baseAddress!)
                        let call = {
                            FloatKernels.gemm(
                                transA: c.transA, transB: c.transB, m: c.m, n: c.n, k: c.k,
                                a: pa, lda: lda, b: pb, ldb: ldb, c: pc, ldc: c.m, threaded: threaded)
                        }
                        // Calls per sample: enough for minSampleSeconds at a first estimate.
                        let once = Stopwatch.seconds { for _ in 0..<3 { call() } }.seconds / 3
                        let inner = max(1, Int((minSampleSeconds / max(once, 1e-9)).rounded(.up)))
                        var cpu: [Double] = []
                        let (timing, _) = Stopwatch.time(warmup: timing.warmup, repetitions: timing.repetitions) {
                            let start = Self.threadCPUSeconds()
                            for _ in 0..<inner { call() }
                            cpu.append((Self.threadCPUSeconds() - start) / Double(inner))
                        }
                        return (Timing(seconds: timing.seconds.map { $0 / Double(inner) }), inner,
                                Timing(seconds: Array(cpu.suffix(timing.seconds.count))))
                    }
                }
            }
            let (perCall, inner, cpu) = result
            JSONLine([("op", .string("sgemm")), ("case", .string(text)), ("threads", .int(threads)),
                      ("inner", .int(inner))] + perCall.jsonFields
                     + [("gflops_best", .double(flops / perCall.best / 1e9)),
                        ("gflops_median", .double(flops / perCall.median / 1e9)),
                        ("cpu_best_s", .double(cpu.best)),
                        ("gflops_cpu_best", .double(flops / cpu.best / 1e9)),
                        ("checksum", .double(Double(out.reduce(0, +))))]).print()
        }
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
