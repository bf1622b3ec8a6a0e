// Fuzz target 4: the model-file loader, SavedModel.load(from: Data) (which is
// ModelRegistry.load(from:) plus the kind's own decoder), in memory.
//
// After a successful load:
//  - predict on a small probe (3 rows: 0, 1, -2.5 in every input column)
//    must not trap; it may throw;
//  - the model saves (modelFileData()), and the saved bytes load again as the
//    same kind with the same inputs and bit-identical probe predictions.
import Foundation
import FuzzSupport
import LossKitModels

private func predictions(_ model: SavedModel) -> Result<[Double], any Error> {
    let p = model.inputNames.count
    // A model claiming millions of inputs is fine to load; the probe stays small.
    guard p <= 4096 else { return .success([]) }
    let probe = Array(repeating: [0.0, 1.0, -2.5], count: p)
    return Result { try model.predict(columns: probe) }
}


@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let model = try? SavedModel.load(from: data) else { return 0 }
    let first = predictions(model)
    let saved: Data
    do { saved = try model.modelFileData() } catch { return 0 }  // a model it cannot save: an error, not a trap
    let again: SavedModel
    do { again = try SavedModel.load(from: saved) } catch {
        finding("a loaded \(model.kind) model saves bytes that do not load: \(error)\n\(String(decoding: saved.prefix(2000), as: UTF8.self))")
    }
    guard again.kind == model.kind, again.inputNames == model.inputNames else {
        finding("round trip changed kind/inputs: \(model.kind) \(model.inputNames) → \(again.kind) \(again.inputNames)")
    }
    switch (first, predictions(again)) {
    case let (.success(a), .success(b)):
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.bitPattern == $1.bitPattern }) else {
            finding("round trip changed predictions: \(a) → \(b)")
        }
    case (.failure, .failure): break
    case let (a, b): finding("round trip changed whether predict throws: \(a) → \(b)")
    }
    return 0
}

/// The executable's entry point (see FuzzSupport.runFuzzer).
@_cdecl("FuzzModelFile_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzz(UnsafeRawPointer(data ?? UnsafePointer(bitPattern: 1)!), size) }
}
