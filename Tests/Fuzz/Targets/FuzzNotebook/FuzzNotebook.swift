import DLScript
import FuzzSupport

/// Any bytes as a `.dlnb` notebook: read, replayed in a fresh session (memory and time budgets as in
/// FuzzEvaluator), compared with its recording as `dlnb check` does, diffed, rendered and exported.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotebook(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(Fuzz.buffer(data, size))
    guard let notebook = try? Notebook.parse(bytes, path: "fuzz.dlnb") else { return 0 }
    let session = Fuzz.session()
    let replay = NotebookReplay(notebook, session: session, keepGoing: true)
    _ = replay.matchesRecording(relativeTolerance: 1e-4)
    let updated = replay.updated(relativeTolerance: 1e-4)
    _ = UnifiedDiff.diff(notebook.rendered(), updated.rendered(), oldName: "recorded", newName: "replayed")
    _ = NotebookExport.markdown(updated, title: "fuzz")
    _ = try? NotebookExport.html(updated, title: "fuzz", imageDirectory: Fuzz.directory, writtenImages: session.writtenImages)
    Fuzz.requireWorking(session)
    return 0
}

Fuzz.run { data, size in fuzzNotebook(data, size) }
