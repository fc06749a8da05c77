import DLEngine

extension Call {
    /// `fit ... class_weight=[1, 5, 0.5]`: `loss` with Keras's class weights for training on `data`
    /// (``ClassWeights``), or `loss` itself without the keyword. Errors point at the keyword.
    func classWeighted(_ loss: any Loss, _ data: Dataset) throws -> any Loss {
        guard let entry = keywords["class_weight"] else { return loss }
        guard case .tensor(let list) = entry.value, list.rank == 1 else {
            throw typeError(entry, expected: "a list of numbers, one weight per class", what: "class_weight")
        }
        do {
            return try ClassWeights.apply(list.data, to: loss, targets: data.targets)
        } catch let error as EngineError {
            throw ScriptError("\(name): \(error.description)", at: entry.location)
        }
    }
}
