import DLEngine
import FuzzSupport

/// Any bytes as a `.safetensors` file loaded into a small model (Linear 2 → 3, then BatchNorm1d 3): the
/// header is parsed and every entry checked whatever the model, then matched against its state dict.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Fuzz.file("input.safetensors", Fuzz.bytes(data, size))
    var generator = RandomGenerator(seed: 0)
    guard let linear = try? Linear(inputSize: 2, outputSize: 3, using: &generator),
          let norm = try? BatchNorm1d(features: 3, momentum: 0.1, eps: 1e-5) else { fatalError("the model cannot be built") }
    let model = Sequential([linear, norm])
    _ = try? model.loadSafetensors(from: path)
    return 0
}

Fuzz.run { data, size in fuzzSafetensors(data, size) }
