/// How a `fit` stopped by Ctrl-C is recorded: as the `fit` that would train exactly as much, so that a
/// saved session replays to the same weights. `fit model data epochs=200`, stopped after batch 7 of
/// epoch 3, is recorded as `fit model data epochs=3 stop_after_batch=7`.
enum FitRecording {
    /// Where a fit stopped.
    struct Stop: Equatable {
        /// The epoch it was in (1-based).
        var epoch: Int
        /// The last batch it trained in that epoch (1-based).
        var batch: Int
    }

    /// `text` with its `fit` call's `epochs=` set to the epoch it stopped in and `stop_after_batch=` added; `nil` when the text cannot be rewritten faithfully (its
    /// `epochs=` is not a plain number).
    static func rewrite(_ text: String, stoppedAt stop: Stop) -> String? {
        guard let tokens = try? Lexer.tokenize(text) else { return nil }
        var characters = Array(text)
        guard let fit = tokens.firstIndex(where: { $0.kind == .identifier("fit") }) else { return nil }
        // Given even when the epoch was finished: the replay then stops after the same batch, and its
        // summary says so as the original's did.
        let extra = "stop_after_batch=\(stop.batch)"
        // An `epochs=N` keyword: replace N.
        for i in (fit + 1) ..< tokens.count where tokens[i].kind == .identifier("epochs") {
            guard i + 2 < tokens.count, tokens[i + 1].isSymbol(.equal), case .number = tokens[i + 2].kind else { return nil }
            let next = tokens[i + 3 < tokens.count ? i + 3 : i + 2]
            if case .symbol(let s) = next.kind, ![.leftParen, .rightParen, .comma, .semicolon, .leftBracket].contains(s) { return nil }  // `epochs=5*2`
            let inParentheses = tokens[i - 1].isSymbol(.comma) || tokens[i - 1].isSymbol(.leftParen)
            let replacement = "\(stop.epoch)" + (inParentheses ? ", " : " ") + extra
            characters.replaceSubrange(tokens[i + 2].range, with: Array(replacement))
            return String(characters)
        }
        let added = "epochs=\(stop.epoch) " + extra
        // `fit(...)`: add the keywords before the closing parenthesis.
        if fit + 1 < tokens.count, tokens[fit + 1].isSymbol(.leftParen), !tokens[fit + 1].spaceBefore {
            var depth = 0
            for i in (fit + 1) ..< tokens.count {
                if case .symbol(let s) = tokens[i].kind {
                    if s.opensBracket { depth += 1 }
                    if s.closesBracket { depth -= 1 }
                }
                if depth == 0 {
                    let empty = tokens[i - 1].isSymbol(.leftParen)
                    let keywords = added.replacingOccurrences(of: " ", with: ", ")
                    characters.insert(contentsOf: Array((empty ? "" : ", ") + keywords), at: tokens[i].range.lowerBound)
                    return String(characters)
                }
            }
            return nil
        }
        // `fit model data ...`: add them after the last argument (before a `;` or a comment).
        guard let last = tokens.lastIndex(where: { $0.kind != .end && $0.kind != .newline && !$0.isSymbol(.semicolon) }),
              last >= fit else { return nil }
        characters.insert(contentsOf: Array(" " + added), at: tokens[last].range.upperBound)
        return String(characters)
    }
}
