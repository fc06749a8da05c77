import DLEngine

/// Everything a statement can change in a ``Session``, recorded before it runs so that a statement that
/// fails leaves the session exactly as it was: the names and the current model, data, optimizer, loss and
/// history; the seed and the random generator; and, through a ``StateCheckpoint``, the weights, buffers,
/// layers and modes of every model and layer the session can reach and the state of every optimizer.
///
/// Taken before every statement. It costs one pass over the session's names and no copies of values:
/// tensors hold their values in copy-on-write arrays, so the checkpoint shares them until a statement
/// writes (the first write copies, as a journal would).
struct SessionCheckpoint {
    private let variables: [String: Value]
    private let currentModel: Sequential?
    private let currentData: Dataset?
    private let currentOptimizer: (any Optimizer)?
    private let currentLoss: (any Loss)?
    private let currentHistory: History?
    private let trainingRun: TrainingRun?
    private let generator: RandomGenerator
    private let seed: UInt64
    private let boundParameters: [ObjectIdentifier: BoundParameters]
    private let objects: StateCheckpoint
    /// What puts back the rows of the tables the session can reach.
    private var tables: [() -> Void] = []
    /// The storage of the lists already walked: a list can hold one list many times (`x = [x, x]` in a
    /// loop doubles it each pass while its storage grows by one), so each is walked once, not once per path.
    private var walkedLists: Set<UnsafeRawPointer> = []

    /// - Parameter expectedObjects: about how many objects it will record (the previous checkpoint's
    ///   ``recordedObjects``), so that its bookkeeping is allocated once.
    init(_ session: Session, expectedObjects: Int = 0) {
        objects = StateCheckpoint(expectedObjects: expectedObjects)
        variables = session.variables
        currentModel = session.currentModel
        currentData = session.currentData
        currentOptimizer = session.currentOptimizer
        currentLoss = session.currentLoss
        currentHistory = session.currentHistory
        trainingRun = session.trainingRun
        generator = session.generator
        seed = session.seed
        boundParameters = session.boundParameters
        for value in variables.values { record(value) }
        for bound in boundParameters.values {
            objects.record(bound.optimizer)
            for t in bound.parameters { objects.record(t) }
        }
        if let currentModel { objects.record(currentModel) }
        if let currentOptimizer { objects.record(currentOptimizer) }
        if let currentData { record(.dataset(currentData)) }
    }

    /// How many tensors, layers, models, optimizers and schedules it recorded.
    var recordedObjects: Int { objects.count }

    /// Records the mutable objects inside `value`.
    private mutating func record(_ value: Value) {
        switch value {
        case .tensor(let t): objects.record(t)
        case .model(let m): objects.record(m)
        case .layer(let l): objects.record(l)
        case .optimizer(let o): objects.record(o)
        case .schedule(let s): objects.record(s)
        case .dataset(let d):
            objects.record(d.inputs)
            if case .values(let t) = d.targets { objects.record(t) }
        case .list(let items):
            // The checkpoint keeps the list alive (through `variables`), so its storage's address is stable.
            let storage = items.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
            if let storage {
                guard walkedLists.insert(storage).inserted else { return }
            }
            for item in items { record(item) }
        case .method(let bound): record(bound.receiver)
        case .table(let t): tables.append(t.snapshot())
        case .none, .number, .boolean, .string, .loss, .history, .builtin, .figures: break
        }
    }

    /// Puts the session back as it was when the checkpoint was taken.
    func restore(_ session: Session) {
        objects.restore()
        for restore in tables { restore() }
        session.variables = variables
        session.currentModel = currentModel
        session.currentData = currentData
        session.currentOptimizer = currentOptimizer
        session.currentLoss = currentLoss
        session.currentHistory = currentHistory
        session.trainingRun = trainingRun
        session.generator = generator
        session.seed = seed
        session.boundParameters = boundParameters
    }
}
