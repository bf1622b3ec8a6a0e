import LossKitNumerics

// The fits' spellings before every fit took its data as
// `(features:targets:weights:)` — the order and labels of the losses'
// `(predictions:targets:weights:)` and the metrics. Kept so existing callers
// compile; each forwards to its replacement unchanged.

extension LinearRegression {
    @available(*, deprecated, renamed: "fit(features:targets:weights:featureNames:)")
    public func fit(_ x: Matrix, _ y: [Double], sampleWeights: [Double]? = nil,
                    featureNames: [String]? = nil) throws -> LinearRegressionResult {
        try fit(features: x, targets: y, weights: sampleWeights, featureNames: featureNames)
    }

    @available(*, deprecated, renamed: "fit(features:targetColumns:weights:featureNames:)")
    public func fit(_ x: Matrix, targets: [[Double]], sampleWeights: [Double]? = nil,
                    featureNames: [String]? = nil) throws -> [LinearRegressionResult] {
        try fit(features: x, targetColumns: targets, weights: sampleWeights, featureNames: featureNames)
    }
}

extension PolynomialRegression {
    @available(*, deprecated, renamed: "fit(feature:targets:weights:)")
    public func fit(x: [Double], y: [Double], sampleWeights: [Double]? = nil) throws -> PolynomialRegressionResult {
        try fit(feature: x, targets: y, weights: sampleWeights)
    }
}

extension Ridge {
    @available(*, deprecated, renamed: "fit(features:targets:weights:featureNames:)")
    public func fit(_ x: Matrix, _ y: [Double], sampleWeights: [Double]? = nil,
                    featureNames: [String]? = nil) throws -> RidgeResult {
        try fit(features: x, targets: y, weights: sampleWeights, featureNames: featureNames)
    }

    @available(*, deprecated, renamed: "path(alphas:features:targets:weights:fitIntercept:featureNames:)")
    public static func path(alphas: [Double], _ x: Matrix, _ y: [Double], sampleWeights: [Double]? = nil,
                            fitIntercept: Bool = true, featureNames: [String]? = nil) throws -> [RidgeResult] {
        try path(alphas: alphas, features: x, targets: y, weights: sampleWeights, fitIntercept: fitIntercept,
                 featureNames: featureNames)
    }
}

extension RidgeCV {
    @available(*, deprecated, renamed: "fit(features:targets:weights:featureNames:)")
    public func fit(_ x: Matrix, _ y: [Double], sampleWeights: [Double]? = nil,
                    featureNames: [String]? = nil) throws -> RidgeCVResult {
        try fit(features: x, targets: y, weights: sampleWeights, featureNames: featureNames)
    }
}

extension RobustLinearRegression {
    @available(*, deprecated, renamed: "fitDetails(feature:targets:)")
    public func fit(x: [Double], y: [Double]) throws -> RobustFit {
        try fitDetails(feature: x, targets: y)
    }

    @available(*, deprecated, renamed: "fitDetails(features:targets:progress:)")
    public func fit(x: Matrix, y: [Double]) throws -> RobustFit {
        try fitDetails(features: x, targets: y)
    }

    @available(*, deprecated, renamed: "fitDetails(features:targets:progress:)")
    public func fit(x: Matrix, y: [Double], progress: ((RobustFitProgress) -> Void)?) throws -> RobustFit {
        try fitDetails(features: x, targets: y, progress: progress)
    }
}

extension StreamingLeastSquares {
    @available(*, deprecated, renamed: "add(features:targets:weights:)")
    public mutating func add(_ x: Matrix, _ y: [Double], sampleWeights: [Double]? = nil) throws {
        try add(features: x, targets: y, weights: sampleWeights)
    }
}

extension OutlierDiagnostics {
    @available(*, deprecated, renamed: "init(features:targets:fitIntercept:)")
    public init(x: Matrix, y: [Double], fitIntercept: Bool = true) throws {
        try self.init(features: x, targets: y, fitIntercept: fitIntercept)
    }

    @available(*, deprecated, renamed: "init(feature:targets:fitIntercept:)")
    public init(x: [Double], y: [Double], fitIntercept: Bool = true) throws {
        try self.init(feature: x, targets: y, fitIntercept: fitIntercept)
    }
}

extension L2Verdict {
    @available(*, deprecated, renamed: "assess(features:targets:fitIntercept:thresholds:)")
    public static func assess(x: Matrix, y: [Double], fitIntercept: Bool = true,
                              thresholds: OutlierThresholds = .init()) throws -> L2Verdict {
        try assess(features: x, targets: y, fitIntercept: fitIntercept, thresholds: thresholds)
    }
}
