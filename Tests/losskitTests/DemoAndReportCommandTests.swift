import Foundation
import Testing

/// `losskit demo` and `losskit report` end to end.
@Suite struct DemoAndReportCommandTests {
    /// Anscombe (1973) printed the shared fit as y = 3.00 + 0.500 x with R² 0.67
    /// for all four sets; the demo must reproduce those published values.
    @Test func demoReproducesAnscombesPublishedFitForAllFourSets() throws {
        let folder = try ToolRunner.temporaryFolder()
        let report = folder.appendingPathComponent("demo.html")
        let outcome = try ToolRunner.run(["demo", "--json", "--output", report.path])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let sets = try #require(json["sets"] as? [[String: Any]])
        #expect(sets.map { $0["name"] as? String } == ["I", "II", "III", "IV"])
        for set in sets {
            let intercept = try #require(set["intercept"] as? Double)
            let slope = try #require(set["slope"] as? Double)
            let r2 = try #require(set["r_squared"] as? Double)
            #expect(abs(intercept - 3.00) < 0.005, "set \(set["name"] ?? "?") intercept \(intercept)")
            #expect(abs(slope - 0.500) < 0.0005, "set \(set["name"] ?? "?") slope \(slope)")
            #expect(abs(r2 - 0.67) < 0.005)
        }
        // Set III is the one whose squared error one point dominates.
        #expect(sets[2]["verdict"] as? String == "switch")
        #expect(sets[2]["flagged_rows"] as? [Int] == [3])
        #expect(sets[0]["verdict"] as? String == "fine")
        // The robust fits land on the line through the ten clean points, far from L2's.
        let clean = try #require(json["set_iii_without_outlier"] as? [String: Any])
        let cleanSlope = try #require(clean["slope"] as? Double)
        let fits = try #require(json["set_iii_fits"] as? [[String: Any]])
        for fit in fits where fit["model"] as? String != "ols" {
            let slope = try #require(fit["slope"] as? Double)
            #expect(abs(slope - cleanSlope) < 0.01, "\(fit["model"] ?? "?") slope \(slope) vs clean \(cleanSlope)")
        }
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("<svg"))
        for id in ["quartet", "verdict", "data", "residuals", "loss-shapes", "concentration", "training", "convergence", "metrics"] {
            #expect(html.contains("id=\"\(id)\""), "the demo report lacks section \(id)")
        }
        #expect(json["report"] as? String == report.path)
        // Gradient descent on set III: standardized x (κ = 1) solves L2 in one step;
        // centered only, κ = var(x) = 10 and it takes tens; L1 never gets there.
        let convergence = try #require(json["convergence"] as? [String: Any])
        let standardized = try #require(convergence["standardized"] as? [String: Any])
        let centered = try #require(convergence["centered"] as? [String: Any])
        #expect(abs((standardized["condition_number"] as? Double ?? 0) - 1) < 1e-9)
        #expect(abs((centered["condition_number"] as? Double ?? 0) - 10) < 1e-6)
        let steps = try #require(centered["iterations_to_1e-6"] as? [String: Any])
        #expect((steps["l2"] as? Int ?? 0) > 10)
        #expect(steps["l1"] is NSNull)
    }

    @Test func demoTableNamesTheOutlierAndWritesTheReport() throws {
        let folder = try ToolRunner.temporaryFolder()
        let outcome = try ToolRunner.run(["demo"], currentDirectory: folder)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("Anscombe"))
        #expect(outcome.stdout.contains("row 3"))
        #expect(outcome.stdout.contains("losskit-demo.html"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("losskit-demo.html").path))
    }

    @Test func reportWritesEverySectionOffline() throws {
        let folder = try ToolRunner.temporaryFolder()
        let output = folder.appendingPathComponent("r.html")
        let data = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path
        let outcome = try ToolRunner.run(["report", data, "--target", "y3", "--features", "x3",
                                          "--models", "ols,huber,l1,ridge", "--output", output.path, "--json"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let sections = try #require(json["sections"] as? [String])
        for id in ["verdict", "data", "residuals", "loss-shapes", "concentration", "training", "ridge", "convergence", "metrics"] {
            #expect(sections.contains(id), "missing section \(id)")
        }
        let html = try String(contentsOf: output, encoding: .utf8)
        for id in sections { #expect(html.contains("id=\"\(id)\""), "section \(id) not in the HTML") }
        for external in ["<script src", "http://", "https://", "@import", "<link "] {
            #expect(!html.contains(external), "the report must be self-contained: found \(external)")
        }
    }

    /// Every model name `report --models` offers fits and shows up in the page.
    @Test func reportOffersEveryTrainedModel() throws {
        let folder = try ToolRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("r.html")
        let data = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path
        let outcome = try ToolRunner.run(["report", data, "--target", "y3", "--features", "x3",
                                          "--models", "ols,svr,sgd,mlp", "--output", output.path])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let html = try String(contentsOf: output, encoding: .utf8)
        for label in ["SGD (", "MLP (", "SVR (", "its ε tube"] { #expect(html.contains(label), "\(label) not in the page") }
    }

    @Test func reportWithSeveralFeaturesPlotsPredictedAgainstActual() throws {
        let folder = try ToolRunner.temporaryFolder()
        let output = folder.appendingPathComponent("longley.html")
        let data = ToolRunner.packageRoot.appendingPathComponent("Tests/LossKitTests/Fixtures/nist/Longley.csv").path
        let outcome = try ToolRunner.run(["report", data, "--target", "y", "--models", "ols,ridge", "--output", output.path])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let html = try String(contentsOf: output, encoding: .utf8)
        #expect(html.contains("Predicted against actual"))
    }

    /// Writing over an existing output replaces it whole (rename(2)); a former
    /// FileManager.replaceItemAt path deleted the old file and failed on Linux.
    @Test func writingTheSameOutputTwiceReplacesIt() throws {
        let folder = try ToolRunner.temporaryFolder()
        let output = folder.appendingPathComponent("again.html")
        for _ in 0..<2 {
            let outcome = try ToolRunner.run(["demo", "--output", output.path])
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let html = try String(contentsOf: output, encoding: .utf8)
            #expect(html.hasSuffix("</html>\n") || html.hasSuffix("</html>"))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func unknownModelIsAUsageError() throws {
        let data = ToolRunner.packageRoot.appendingPathComponent("data/anscombe.csv").path
        let outcome = try ToolRunner.run(["report", data, "--target", "y1", "--models", "ols,magic"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("magic"))
    }
}
