import DLEngine
import FuzzSupport

/// Any bytes as a NumPy `.npz` file (a zip of `.npy` members, stored or deflated): its first array as a
/// tensor, printed, and the file as a data set (`x` and `y`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Fuzz.file("input.npz", Fuzz.bytes(data, size))
    if let tensor = try? Tensor.loadNPZ(path) { _ = tensor.description }
    if let set = try? Dataset.loadNPZ(path) { _ = set.description }
    return 0
}

Fuzz.run { data, size in fuzzNPZ(data, size) }
