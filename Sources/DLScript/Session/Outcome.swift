extension Session {
    /// What one statement did.
    public struct Outcome {
        /// The statement's source text as typed.
        public let source: String
        /// Its location in the input.
        public let location: SourceLocation
        /// The text it shows (its value, or what it printed), `nil` for none.
        public let output: String?
        /// The error it raised, if any (the statement then changed nothing).
        public let error: ScriptError?
        /// What a notebook records for it: ``source``, or for a `fit` stopped by Ctrl-C the same `fit` with
        /// the epochs and batches it ran, so that a replay trains exactly as much.
        public let recordedSource: String
        /// Whether Ctrl-C stopped it (a `fit` keeps what it learnt).
        public let interrupted: Bool
        /// How many of ``output``'s first lines were shown while it ran (a block's, through
        /// ``Session/onStreamedOutput``).
        public internal(set) var streamedLines = 0

        init(source: String, location: SourceLocation, output: String? = nil, error: ScriptError? = nil,
             recordedSource: String? = nil, interrupted: Bool = false) {
            self.source = source
            self.location = location
            self.output = output
            self.error = error
            self.recordedSource = recordedSource ?? source
            self.interrupted = interrupted
        }

        /// The output lines a notebook records below it: what it showed, or `error: message` for an error
        /// (which a replay then expects).
        public var recordedOutput: [String] {
            if let error { return ["error: \(error.message)"] }
            return output.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
        }
    }
}
