/// A check of a model file's layer descriptions against the values the file holds, made before any layer
/// is built: a 591-byte file can describe eight 40000 × 40000 layers, and building them first (their
/// weights drawn at random, then replaced by the saved ones) would take 51 GB before the missing tensors
/// were noticed. Each layer's count comes from its registration (``LayerRegistration/stateCount``), so a
/// new layer type is covered by its registry entry.
extension LayerCodec {
    /// Throws when the layers described by `entries` need more parameters than the `held` values saved
    /// beside them. Entries with missing or malformed fields count as nothing here; decoding names them.
    static func checkDeclaredSizes(_ entries: [[String: Any]], held: Int) throws {
        let declared = Arguments.sum(entries.map(declaredStateCount))
        guard declared <= held else {
            let text = declared == Int.max ? "more than \(Int.max)" : "\(declared)"
            throw EngineError.invalidArgument("its layers declare \(text) parameters, but it holds \(held) values")
        }
    }
}
