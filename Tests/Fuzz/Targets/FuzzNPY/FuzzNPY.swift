import DLEngine
import FuzzSupport

/// Any bytes as a NumPy `.npy` file: as a tensor, printed, and as the labels (classes or real values) of
/// a data set whose inputs are the same file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Fuzz.file("input.npy", Fuzz.bytes(data, size))
    if let tensor = try? Tensor.loadNPY(path) { _ = tensor.description }
    for target in TargetKind.allCases {
        if let set = try? Dataset.loadNPY(inputs: path, labels: path, target: target) { _ = set.description }
    }
    return 0
}

Fuzz.run { data, size in fuzzNPY(data, size) }
