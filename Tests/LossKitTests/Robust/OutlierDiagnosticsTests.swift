import Testing
import LossKit
import RealModule

@Suite struct OutlierDiagnosticsTests {
    // statsmodels OLSInfluence: hat_matrix_diag, resid_studentized_internal,
    // resid_studentized_external, cooks_distance[0].
    @Test(arguments: RobustFixture.names)
    func matchesStatsmodelsOLSInfluence(name: String) throws {
        let f = try RobustFixture.load(name)
        let d = try OutlierDiagnostics(features: f.matrix, targets: f.y)
        #expect(d.rank == f.x[0].count + 1)
        #expect(expectClose(d.parameters, f.ols.params, relative: 1e-12, "\(name) params") == nil)
        #expect(expectClose(d.leverage, f.ols.hat, relative: 1e-12, floor: 0, "\(name) hat") == nil)
        #expect(expectClose(d.studentizedInternal, f.ols.studentizedInternal, relative: 1e-10, floor: 1e-3, "\(name) internal") == nil)
        #expect(expectClose(d.studentizedExternal, f.ols.studentizedExternal, relative: 1e-10, floor: 1e-3, "\(name) external") == nil)
        #expect(expectClose(d.cooksDistance, f.ols.cooksDistance, relative: 1e-10, floor: 1e-9, "\(name) Cook") == nil)
        let total = d.leverage.reduce(0, +)
        #expect(total.isApproximatelyEqual(to: Double(d.rank), relativeTolerance: 1e-12))
    }

    @Test func anscombeThreeFlagsRowThree() throws {
        let set = try #require(Anscombe.quartet.first { $0.name == "III" })
        let d = try OutlierDiagnostics(feature: set.x, targets: set.y)
        #expect(d.outlierRows() == [2])
        #expect(d.influentialRows() == [2])
        #expect(d.concentration.rowsByMagnitude[0] == 2)
    }

    @Test func leverageOfAPointFarOutInX() throws {
        // Four points at x = 0 and one at x = 10: the far one has hᵢ close to 1.
        let d = try OutlierDiagnostics(feature: [0, 0, 0, 0, 10], targets: [1, 2, 1, 2, 5])
        #expect(d.highLeverageRows() == [4])
        #expect(d.leverage[4].isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12))
        // hᵢ = 1: the fit passes through the point; studentized values are undefined.
        #expect(d.studentizedInternal[4].isNaN && d.cooksDistance[4].isNaN)
    }

    @Test func rankDeficientDesignUsesTheRank() throws {
        let x1: [Double] = [1, 2, 3, 4, 5, 6, 7]
        let x = try Matrix(columns: [x1, x1.map { 3 * $0 }])
        let y: [Double] = [1.1, 1.9, 3.2, 3.9, 5.1, 5.8, 9]
        let d = try OutlierDiagnostics(features: x, targets: y)
        let single = try OutlierDiagnostics(feature: x1, targets: y)
        #expect(d.rank == 2)
        #expect(expectClose(d.leverage, single.leverage, relative: 1e-12, floor: 0, "hat") == nil)
        #expect(expectClose(d.cooksDistance, single.cooksDistance, relative: 1e-10, floor: 1e-12, "Cook") == nil)
    }

    @Test func badInputThrowsTypedErrors() throws {
        #expect(throws: LossKitError.countMismatch(name: "x rows", count: 4, otherName: "y", otherCount: 5)) {
            try OutlierDiagnostics(feature: [1, 2, 3, 4], targets: [1, 2, 3, 4, 5])
        }
        let nan = #expect(throws: LossKitError.self) { try OutlierDiagnostics(feature: [1, .nan, 3, 4], targets: [1, 2, 3, 4]) }
        guard case let .nonFiniteValue(name, row, _)? = nan else { Issue.record("expected nonFiniteValue"); return }
        #expect(name == "x column 0" && row == 1)
        #expect(throws: LossKitError.insufficientRows(rows: 3, parameters: 2)) {
            try OutlierDiagnostics(feature: [1, 2, 3], targets: [1, 2, 4])
        }
    }
}
