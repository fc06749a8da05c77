import DLEngine
import FuzzSupport

/// Any bytes as a CSV data set (the label column last, by name, by index; header guessed, on and off;
/// targets told from the labels, classes, values); a data set that loads is printed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Fuzz.file("input.csv", Fuzz.bytes(data, size))
    let columns: [CSVColumn] = [.last, .name("label"), .index(0)]
    for (column, header) in [(columns[0], nil), (columns[1], true), (columns[2], false)] as [(CSVColumn, Bool?)] {
        if let set = try? Dataset.loadCSV(path: path, label: column, header: header) {
            _ = set.description
            _ = set.inputs.description
        }
    }
    for target in [TargetKind.classes, .values] {
        if let set = try? Dataset.loadCSV(path: path, target: target) { _ = set.description }
    }
    return 0
}

Fuzz.run { data, size in fuzzCSV(data, size) }
