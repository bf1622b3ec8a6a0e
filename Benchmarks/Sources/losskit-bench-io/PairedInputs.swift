import ArgumentParser
import BenchSupport

/// Two 1-D arrays of the same type and length, read from `.npy` files.
enum PairedInputs {
    static func read<T: BinaryFloatingPoint & Sendable>(
        _ first: String, _ second: String, as: T.Type
    ) throws -> ([T], [T]) {
        let x = try NumpyFile.read(path: first, as: T.self)
        let y = try NumpyFile.read(path: second, as: T.self)
        guard x.shape.count == 1, y.shape == x.shape else {
            throw ValidationError("\(first) and \(second) must be 1-D of one length; shapes \(x.shape), \(y.shape)")
        }
        return (x.elements, y.elements)
    }
}
