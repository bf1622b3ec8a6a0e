import Testing
import LossKit
import RealModule

@Suite struct SquaredErrorTests {
    @Test func perElementIsTheFullSquareNotHalf() {
        let loss = SquaredError()
        #expect(loss.value(prediction: 1.0, target: 4.0) == 9)
        #expect(loss.derivative(prediction: 1.0, target: 4.0) == -6)
        #expect(loss.secondDerivative(prediction: 1.0, target: 4.0) == 2)
    }

    @Test func reductionsOnSmallArray() throws {
        let p: [Double] = [1, 2, 3, 4]
        let y: [Double] = [2, 2, 5, 0]
        let loss = SquaredError()
        #expect(try loss.loss(predictions: p, targets: y, reduction: .sum) == 21)
        #expect(try loss.loss(predictions: p, targets: y) == 5.25)
        #expect(try loss.values(predictions: p, targets: y) == [1, 0, 4, 16])
        #expect(try loss.gradient(predictions: p, targets: y) == [-0.5, 0, -1, 2])
    }
}
