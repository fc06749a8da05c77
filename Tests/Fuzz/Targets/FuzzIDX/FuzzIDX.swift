import DLEngine
import FuzzSupport

/// Any bytes as an IDX file (MNIST's container): as a tensor, printed, and as the labels of a data set
/// whose images are the same file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Fuzz.file("input-idx1-ubyte", Fuzz.bytes(data, size))
    if let tensor = try? Tensor.loadIDX(path) { _ = tensor.description }
    if let set = try? Dataset.loadIDX(images: path, labels: path) { _ = set.description }
    return 0
}

Fuzz.run { data, size in fuzzIDX(data, size) }
