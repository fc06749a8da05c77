/// Every built-in of the language, gathered from the category files. `help` and `docs/LANGUAGE.md` list
/// them from here.
public enum Builtins {
    public static let all: [Builtin] =
        tensorBuiltins + mathBuiltins + autodiffBuiltins + dataBuiltins + layerBuiltins + modelBuiltins + regressionBuiltins
        + interopBuiltins + trainingBuiltins + checkpointBuiltins + tableBuiltins + optimizerBuiltins + optimizerStepBuiltins + scheduleBuiltins
        + lossBuiltins + plotBuiltins + showBuiltins + sessionBuiltins

    /// The built-ins of one category, in the order they are defined.
    public static func inCategory(_ category: Builtin.Category) -> [Builtin] {
        all.filter { $0.category == category }
    }
}
