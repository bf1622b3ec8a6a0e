import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport
import RealModule

/// Ridge and RidgeCV against scikit-learn (Fixtures/models/sklearn_ridge.json).
@Suite struct RidgeTests {
    struct Fit: Decodable { let alpha: Double; let weighted: Bool; let coef: [Double]; let intercept: Double }
    struct CV: Decodable {
        let alphas: [Double]; let mean_loo_squared_error: [Double]; let alpha: Double; let coef: [Double]; let intercept: Double
    }
    struct File: Decodable {
        let x_row_major: [[Double]]; let y: [Double]; let weights: [Double]; let fits: [Fit]; let ridgecv: CV
    }

    static func close(_ a: Double, _ b: Double, _ rel: Double) -> Bool {
        a.isApproximatelyEqual(to: b, absoluteTolerance: rel * 1e-3, relativeTolerance: rel)
    }

    @Test func matchesScikitLearnRidgeForEveryAlphaWithAndWithoutWeights() throws {
        let f = try ModelFixtures.decode(File.self, "sklearn_ridge")
        let x = try Matrix(rowMajor: f.x_row_major)
        for weighted in [false, true] {
            let fits = f.fits.filter { $0.weighted == weighted }
            #expect(fits.count == 7)
            let path = try Ridge.path(alphas: fits.map(\.alpha), features: x, targets: f.y, weights: weighted ? f.weights : nil)
            for (ours, theirs) in zip(path, fits) {
                #expect(ours.alpha == theirs.alpha)
                for (a, b) in zip(ours.coefficients, theirs.coef) {
                    #expect(Self.close(a, b, 1e-9), "α=\(theirs.alpha) weighted=\(weighted): \(a) vs \(b)")
                }
                #expect(Self.close(ours.intercept, theirs.intercept, 1e-9), "α=\(theirs.alpha) intercept")
                let single = try Ridge(alpha: theirs.alpha).fit(features: x, targets: f.y, weights: weighted ? f.weights : nil)
                #expect(single == ours)
            }
        }
    }

    @Test func ridgeWithZeroAlphaIsLeastSquares() throws {
        let f = try ModelFixtures.decode(File.self, "sklearn_ridge")
        let x = try Matrix(rowMajor: f.x_row_major)
        let ridge = try Ridge(alpha: 0).fit(features: x, targets: f.y, weights: f.weights)
        let ols = try LinearRegression().fit(features: x, targets: f.y, weights: f.weights)
        for (a, b) in zip(ridge.coefficients, ols.coefficients) { #expect(Self.close(a, b, 1e-11)) }
    }

    @Test func ridgeCVLeaveOneOutCurveMatchesScikitLearn() throws {
        let f = try ModelFixtures.decode(File.self, "sklearn_ridge")
        let x = try Matrix(rowMajor: f.x_row_major)
        let cv = try RidgeCV(alphas: f.ridgecv.alphas).fit(features: x, targets: f.y)
        #expect(cv.meanSquaredLeaveOneOutErrors.count == f.ridgecv.alphas.count)
        for (a, b) in zip(cv.meanSquaredLeaveOneOutErrors, f.ridgecv.mean_loo_squared_error) {
            #expect(Self.close(a, b, 1e-9), "LOO \(a) vs \(b)")
        }
        #expect(cv.alpha == f.ridgecv.alpha)
        for (a, b) in zip(cv.model.coefficients, f.ridgecv.coef) { #expect(Self.close(a, b, 1e-9)) }
        #expect(Self.close(cv.model.intercept, f.ridgecv.intercept, 1e-9))
    }

    /// `RidgeCV` keeps the path it computed: each α's fit matches scikit-learn's
    /// `Ridge` at that α, and the chosen model is the path's entry at the chosen α.
    @Test func ridgeCVKeepsThePathItComputed() throws {
        let f = try ModelFixtures.decode(File.self, "sklearn_ridge")
        let x = try Matrix(rowMajor: f.x_row_major)
        for weighted in [false, true] {
            let fits = f.fits.filter { $0.weighted == weighted }
            let cv = try RidgeCV(alphas: fits.map(\.alpha)).fit(features: x, targets: f.y, weights: weighted ? f.weights : nil)
            #expect(cv.path.count == fits.count)
            for (ours, theirs) in zip(cv.path, fits) {
                #expect(ours.alpha == theirs.alpha)
                for (a, b) in zip(ours.coefficients, theirs.coef) {
                    #expect(Self.close(a, b, 1e-9), "α=\(theirs.alpha) weighted=\(weighted): \(a) vs \(b)")
                }
                #expect(Self.close(ours.intercept, theirs.intercept, 1e-9), "α=\(theirs.alpha) intercept")
            }
            let chosen = try #require(cv.path.first { $0.alpha == cv.alpha })
            #expect(chosen == cv.model)
        }
    }

    /// The LOO shortcut against literally refitting without each row.
    @Test func leaveOneOutShortcutEqualsRefitting() throws {
        let f = try ModelFixtures.decode(File.self, "sklearn_ridge")
        let rows = Array(f.x_row_major.prefix(15)), y = Array(f.y.prefix(15)), w = Array(f.weights.prefix(15))
        let alpha = 3.0
        let cv = try RidgeCV(alphas: [alpha]).fit(features: try Matrix(rowMajor: rows), targets: y, weights: w)
        var sum = 0.0
        for i in 0..<rows.count {
            var r = rows, t = y, v = w
            r.remove(at: i); t.remove(at: i); v.remove(at: i)
            let fit = try Ridge(alpha: alpha).fit(features: try Matrix(rowMajor: r), targets: t, weights: v)
            let e = y[i] - (try fit.predict(try Matrix(rowMajor: [rows[i]])))[0]
            sum += w[i] * e * e
        }
        #expect(Self.close(cv.meanSquaredLeaveOneOutErrors[0], sum / w.reduce(0, +), 1e-10))
    }

    @Test func moreFeaturesThanRowsIsFine() throws {
        let x = try Matrix(rowMajor: [[1, 2, 3, 4, 5], [2, 1, 0, 1, 2], [0, 3, 1, 1, 4]])
        let fit = try Ridge(alpha: 0.5).fit(features: x, targets: [1, 2, 3])
        #expect(fit.coefficients.count == 5)
        #expect(fit.rank == 2)
        #expect(fit.coefficients.allSatisfy { $0.isFinite })
    }

    @Test func badAlphaThrows() throws {
        let x = try Matrix(rowMajor: [[1], [2], [3]])
        #expect(throws: LossKitError.invalidParameter(name: "alpha", value: "-1.0", requirement: "must be finite and >= 0")) {
            try Ridge(alpha: -1).fit(features: x, targets: [1, 2, 3])
        }
        #expect(throws: LossKitError.self) { try Ridge(alpha: .nan).fit(features: x, targets: [1, 2, 3]) }
        #expect(throws: LossKitError.self) { try RidgeCV(alphas: []).fit(features: x, targets: [1, 2, 3]) }
        #expect(throws: LossKitError.self) { try RidgeCV(alphas: [1, -0.5]).fit(features: x, targets: [1, 2, 3]) }
    }

    @Test func modelFileRoundTrip() throws {
        let f = try ModelFixtures.decode(File.self, "sklearn_ridge")
        let x = try Matrix(rowMajor: f.x_row_major)
        let fit = try Ridge(alpha: 2.5).fit(features: x, targets: f.y)
        let loaded = try RidgeResult.load(from: fit.modelFileData())
        #expect(loaded == fit)
        #expect(try fit.predict(x).map(\.bitPattern) == loaded.predict(x).map(\.bitPattern))
        #expect(throws: ModelFileError.wrongKind(expected: "linear-regression", found: "ridge")) {
            try LinearRegressionResult.load(from: fit.modelFileData())
        }
    }
}
