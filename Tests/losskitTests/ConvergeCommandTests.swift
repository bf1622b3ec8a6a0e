import Foundation
import Testing

/// `losskit converge` end to end: the table, the JSON contract, the HTML page
/// and the usage errors.
@Suite struct ConvergeCommandTests {
    /// Two correlated features on scales 1 and 100, y linear plus noise.
    static func dataFile() throws -> URL {
        let folder = try ToolRunner.temporaryFolder()
        let url = folder.appendingPathComponent("scaled.csv")
        var state: UInt64 = 17
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1p-53 - 0.5
        }
        var text = "a,b,y\n"
        for _ in 0..<200 {
            let u = uniform(), v = uniform()
            let a = 2 + u, b = 40 + 100 * (0.8 * u + 0.6 * v)
            text += "\(a),\(b),\(1 + 3 * a + 0.02 * b + 0.3 * uniform())\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func jsonHasTheContractKeysAndTellsTheStory() throws {
        let file = try Self.dataFile()
        let outcome = try ToolRunner.run(["converge", file.path, "--target", "y", "--iterations", "400", "--json"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        for key in ["condition_number", "predicted_rate", "measured_rate", "losses", "optimizer", "standardized", "iterations", "condition_number_raw"] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        #expect(json["optimizer"] as? String == "gd")
        #expect(json["standardized"] as? Bool == true)
        let losses = try #require(json["losses"] as? [String: Any])
        #expect(Set(losses.keys) == ["l2", "huber", "l1"])
        let l2 = try #require(losses["l2"] as? [String: Any]), l1 = try #require(losses["l1"] as? [String: Any])
        for key in ["optimum", "final_suboptimality", "iterations_to_1e-6", "history"] { #expect(l2.keys.contains(key)) }
        #expect((l2["history"] as? [Any])?.count == 401)
        #expect(l2["iterations_to_1e-6"] is Int)
        #expect(l1["iterations_to_1e-6"] is NSNull)
        let predicted = try #require(json["predicted_rate"] as? Double), measured = try #require(json["measured_rate"] as? Double)
        #expect(abs(measured - predicted) <= 0.05 * predicted, "measured \(measured), predicted \(predicted)")
        #expect((losses["huber"] as? [String: Any])?["delta"] is Double)
    }

    @Test func textTableAndHTMLPage() throws {
        let file = try Self.dataFile()
        let page = file.deletingLastPathComponent().appendingPathComponent("c.html")
        let outcome = try ToolRunner.run(["converge", file.path, "--target", "y", "--features", "a,b", "--losses", "l2,l1",
                                          "--optimizer", "nesterov", "--iterations", "200", "--output", page.path])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("κ ="))
        #expect(outcome.stdout.contains("predicted L2 rate"))
        #expect(outcome.stdout.contains("measured L2 rate"))
        #expect(outcome.stdout.contains("l1 (|r|)"))
        #expect(!outcome.stdout.contains("huber"))
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("id=\"convergence\""))
        #expect(html.contains("<svg"))
        #expect(html.contains("with and without standardization"))
        #expect(!html.contains("<script"))
    }

    @Test func noStandardizeRaisesKappa() throws {
        let file = try Self.dataFile()
        func kappa(_ extra: [String]) throws -> Double {
            let outcome = try ToolRunner.run(["converge", file.path, "--target", "y", "--losses", "l2", "--iterations", "20", "--json"] + extra)
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            #expect(json["standardized"] as? Bool == extra.isEmpty)
            return try #require(json["condition_number"] as? Double)
        }
        #expect(try kappa([]) * 100 < kappa(["--no-standardize"]))
    }

    @Test(arguments: [
        (["--losses", "l3"], "--losses"),
        (["--optimizer", "newton"], "--optimizer"),
        (["--iterations", "0"], "--iterations"),
        (["--iterations", "-5"], "--iterations"),
        (["--iterations", "100000000"], "--iterations"),
        (["--features", "nope"], "--features"),
    ])
    func badFlagsAreUsageErrorsNamingTheFlag(arguments: [String], flag: String) throws {
        let file = try Self.dataFile()
        let outcome = try ToolRunner.run(["converge", file.path, "--target", "y"] + arguments)
        #expect(outcome.status == 2, "stdout: \(outcome.stdout)")
        #expect(outcome.stderr.contains(flag), "stderr: \(outcome.stderr)")
    }

    @Test func unknownNamesListTheValidOnes() throws {
        let file = try Self.dataFile()
        let loss = try ToolRunner.run(["converge", file.path, "--target", "y", "--losses", "l2,bogus"])
        #expect(loss.stderr.contains("l2, huber, l1"))
        let optimizer = try ToolRunner.run(["converge", file.path, "--target", "y", "--optimizer", "bogus"])
        #expect(optimizer.stderr.contains("gd, nesterov, sgd, adam, lbfgs"))
    }
}
