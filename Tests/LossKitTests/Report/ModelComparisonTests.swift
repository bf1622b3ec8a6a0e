import Testing
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The comparison behind `losskit report`: with the network among the
/// models, the training-curves section draws its training and validation loss.
@Suite struct ModelComparisonTests {
    @Test func theNetworkBringsTrainingAndValidationCurves() throws {
        let set = Anscombe.quartet[0]
        let data = try RegressionData(features: Matrix(columns: [set.x]), targets: set.y, featureNames: ["x1"], targetName: "y1")
        var settings = ModelCatalog.Settings()
        settings.hiddenLayerSizes = [4]
        settings.epochs = 6
        settings.patience = 100
        let comparison = try ModelComparison(data: data, models: ["ols", "mlp"], settings: settings)
        let network = try #require(comparison.fits.first { $0.name == "mlp" })
        let history = try #require(network.model.iterationHistory)
        #expect(history.objective.count == 6)
        #expect(history.validation?.count == 6)
        let html = try comparison.document(title: "t", subtitle: "", source: "s").html()
        #expect(html.contains("Training curves"))
        #expect(html.contains("\(network.label), validation"))
    }
}
