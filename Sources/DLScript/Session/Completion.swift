/// What the REPL offers when Tab is pressed: the candidates for the word before the cursor, worked out
/// from the text before that word (the REPL passes the lines of an unfinished input too, so a keyword
/// inside a call opened on an earlier line is still found).
public struct Completion: Equatable, Sendable {
    /// The words that may replace the word being typed, sorted, without duplicates.
    public var candidates: [String]
    /// Whether the word is inside a string, where file names are completed instead.
    public var completesFileNames: Bool
    /// Whether a single candidate should be followed by a space: yes for a built-in's name (arguments
    /// follow), no for a name, member or `keyword=` (an operator, `(`, `.` or a value follows).
    public var spaceAfterSingle: Bool

    public init(candidates: [String], completesFileNames: Bool = false, spaceAfterSingle: Bool = false) {
        self.candidates = candidates
        self.completesFileNames = completesFileNames
        self.spaceAfterSingle = spaceAfterSingle
    }

    /// Nothing to offer (inside a comment, after a number).
    public static let none = Completion(candidates: [])

    /// The characters that end a word for completion: operators, brackets, separators, quotes and `.`
    /// (so that `model.ad` completes `ad`). Not `/` (paths) and not `:` (REPL commands).
    public static let wordBreakCharacters = " \t\n\"'`()[]{},;=+-*%@<>!?.&|#\\"

    /// Words of the language that are neither built-ins nor session names.
    static let languageWords = ["true", "false", "none", "and", "or", "not"] + Parser.keywords.sorted()
}

extension Session {
    /// The completion of `word`, typed after `before` (everything before the word: earlier lines of the
    /// input, newline-separated, and the current line up to the word).
    /// - In a string: file names (the REPL asks readline for them).
    /// - After `.`: the receiver's properties and the built-ins that take it as their first argument
    ///   (`model.a` → `accuracy`, `add`).
    /// - Elsewhere: built-ins, session names and language words, plus `keyword=` for the keywords of the
    ///   built-in being called (`fit ep` → `epochs=`), except right after an `=`.
    public func completion(of word: String, after before: String) -> Completion {
        switch Session.context(of: before) {
        case .comment: return .none
        case .string: return Completion(candidates: [], completesFileNames: true)
        case .code: break
        }
        if before.last == "." { return memberCompletion(of: word, after: before) }
        // The chart after `plot`: boundary, data, loss or images.
        if before.last == " " || before.last == "\t",
           before.split(whereSeparator: { " \t\n;".contains($0) }).last == "plot" {
            return Completion(candidates: plotKinds.filter { $0.hasPrefix(word) }.sorted(), spaceAfterSingle: true)
        }
        var words = Set(builtins.keys).union(variables.keys).union(Completion.languageWords)
        let trimmed = before.reversed().drop(while: { $0 == " " || $0 == "\t" })
        let afterEquals = trimmed.first == "=" && !"=!<>".contains(trimmed.dropFirst().first ?? " ")
        if !afterEquals, let callee = calleeName(before), let builtin = builtins[callee] {
            words.formUnion(builtin.keywords.map { $0 + "=" })
        }
        let candidates = words.filter { $0.hasPrefix(word) }.sorted()
        let single = candidates.count == 1 ? candidates[0] : nil
        return Completion(candidates: candidates,
                          spaceAfterSingle: single.map { builtins[$0] != nil && variables[$0] == nil } ?? false)
    }

    /// Where the end of `text` lies: in code, inside an unfinished string, or in a comment.
    enum CompletionContext { case code, string, comment }

    static func context(of text: String) -> CompletionContext {
        var quote: Character?
        var escaped = false
        var inComment = false
        for c in text {
            if inComment {
                if c == "\n" { inComment = false }
            } else if let q = quote {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q || c == "\n" { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                inComment = true
            }
        }
        return inComment ? .comment : quote != nil ? .string : .code
    }

    /// Members after `receiver.`: for a session name of a known kind, that kind's properties and the
    /// built-ins whose first argument is of that kind; otherwise every property and built-in.
    func memberCompletion(of word: String, after before: String) -> Completion {
        let receiver = String(before.dropLast().reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }).reversed())
        if let first = receiver.first, first.isNumber { return .none }  // `1.5`: a number, not a member
        var words: Set<String>
        let startsChain = before.dropLast().dropLast(receiver.count).last.map { $0 == "." || $0 == ")" || $0 == "]" } ?? false
        if !receiver.isEmpty, !startsChain, let value = variables[receiver] {
            words = Set(Session.properties[value.kind] ?? [])
            words.formUnion(Builtins.all.filter { Session.firstArgumentKinds(of: $0).contains(value.kind) }.map(\.name))
        } else {
            words = Set(Session.properties.values.joined()).union(builtins.keys)
        }
        return Completion(candidates: words.filter { $0.hasPrefix(word) }.sorted())
    }

    /// The kinds of value a built-in takes as its first argument, read from its signature's first
    /// placeholder (`add MODEL LAYER`, `accuracy [MODEL] [DATA]`, `sum X [axis=N]`).
    static func firstArgumentKinds(of builtin: Builtin) -> Set<String> {
        let parts = builtin.signature.split(separator: " ")
        guard parts.count > 1 else { return [] }
        let placeholder = parts[1].trimmingCharacters(in: "[]. ")
        switch placeholder {
        case "X", "A", "Y", "COND": return ["tensor"]
        case "MODEL": return ["model"]
        case "DATA", "TRAIN": return ["data set"]
        case "LIST": return ["list"]
        case "HISTORY": return ["history"]
        default: return []
        }
    }

    /// The built-in being called where `before` ends, for its keywords: the first built-in named in the
    /// innermost open bracket (or the statement), else the built-in whose `(` opened that bracket.
    /// `fit model data ep` → `fit`; `model.add(linear 2 3 bi` → `linear`; `fit(model, ep` → `fit`.
    func calleeName(_ before: String) -> String? {
        var lexer = Lexer(before)
        var tokens: [Token] = []
        while let token = try? lexer.next(), token.kind != .end { tokens.append(token) }
        struct Frame { var opener: String?; var head: String? }
        var frames = [Frame()]
        for (index, token) in tokens.enumerated() {
            let next = index + 1 < tokens.count ? tokens[index + 1].kind : nil
            switch token.kind {
            case .newline, .symbol(.semicolon):
                if frames.count == 1 { frames = [Frame()] }
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace):
                var opener: String?
                if token.kind == .symbol(.leftParen), index > 0, case .identifier(let name) = tokens[index - 1].kind,
                   builtins[name] != nil {
                    opener = name
                }
                frames.append(Frame(opener: opener))
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace):
                if frames.count > 1 { frames.removeLast() }
            case .identifier(let name):
                // A name followed by `=` is a keyword's label (or an assignment's target), not a call.
                if builtins[name] != nil, next != .symbol(.equal), frames[frames.count - 1].head == nil {
                    frames[frames.count - 1].head = name
                }
            default:
                break
            }
        }
        let innermost = frames[frames.count - 1]
        return innermost.head ?? innermost.opener
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
