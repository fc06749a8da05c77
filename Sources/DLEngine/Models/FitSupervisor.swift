/// What `fit` does around its batches for a learning-rate schedule and early stopping: it checks both
/// before anything is trained, steps the schedule after every batch or epoch, watches the monitored
/// figure after every epoch, and puts back the best epoch's weights at the end.
struct FitSupervisor {
    let schedule: (any LearningRateSchedule)?
    /// The figure a ``ReduceLROnPlateau`` watches.
    private let plateauMonitor: String?
    private var tracker: EarlyStoppingTracker?

    /// - Parameters:
    ///   - steps: the epochs of the fit, and its batches per epoch.
    /// - Throws: when a monitored figure needs validation data the fit lacks, or the schedule cannot take
    ///   the fit's steps (``OneCycleLR``), before anything is trained.
    ///   - hasAccuracy: whether the fit records an accuracy (class targets).
    init(_ options: TrainingOptions, hasValidation: Bool, hasAccuracy: Bool = true, batchesPerEpoch: Int) throws {
        schedule = try options.resolvedSchedule()
        if let plateau = schedule as? ReduceLROnPlateau {
            let monitor = plateau.monitoredFigure(hasValidation: hasValidation)
            try TrainingMonitor.check(monitor, hasValidation: hasValidation, what: plateau.name)
            plateauMonitor = monitor
        } else {
            plateauMonitor = nil
        }
        let recorded = TrainingMonitor.recordedFigures(metrics: options.metrics, hasValidation: hasValidation, hasAccuracy: hasAccuracy)
        if let plateauMonitor, let plateau = schedule {
            try TrainingMonitor.checkRecorded(plateauMonitor, recorded, what: plateau.name)
        }
        tracker = try options.earlyStopping.map { try EarlyStoppingTracker($0, hasValidation: hasValidation, recorded: recorded) }
        if let schedule {
            try schedule.binding.bind(options.optimizer, for: schedule)
            let perEpoch = schedule.interval == .batch ? batchesPerEpoch : 1
            let (steps, overflow) = options.epochs.multipliedReportingOverflow(by: perEpoch)
            try schedule.begin(optimizer: options.optimizer, steps: overflow ? Int.max : steps)
        }
    }

    /// After every batch's update: a per-batch schedule steps.
    func afterBatch(_ optimizer: any Optimizer) throws {
        if let schedule, schedule.interval == .batch { try schedule.advance(optimizer: optimizer, metric: nil) }
    }

    /// After a complete epoch (validation done): the schedule steps, early stopping watches. Returns the
    /// reason to stop, if it is time. `weights` reads the model's state tensors (current when called).
    mutating func afterEpoch(_ record: EpochRecord, epoch: Int, optimizer: any Optimizer,
                             weights: () -> [[Float]]) throws -> StopReason? {
        if let schedule, schedule.interval == .epoch {
            let metric = plateauMonitor.flatMap { TrainingMonitor.figure($0, of: record) }.map(Double.init)
            try schedule.advance(optimizer: optimizer, metric: metric)
        }
        guard var watching = tracker else { return nil }
        defer { tracker = watching }
        guard watching.observe(record, epoch: epoch, weights: weights) == .stop else { return nil }
        if let baseline = watching.unbeatenBaseline {
            return .baselineNotReached(epoch: epoch, monitor: watching.monitor, baseline: baseline,
                                       best: watching.bestEpoch ?? epoch, patience: watching.rule.patience ?? 0)
        }
        return .earlyStopping(epoch: epoch, monitor: watching.monitor, best: watching.bestEpoch ?? epoch,
                              patience: watching.rule.patience ?? 0)
    }

    /// Whether the fit reads the model's weights after an epoch (to keep the best ones).
    var needsWeights: Bool { tracker?.rule.restoreBest ?? false }

    /// The best epoch and its weights, when they are to be put back and differ from the last epoch's.
    func bestWeights(lastEpoch: Int) -> (epoch: Int, weights: [[Float]])? {
        guard let tracker, tracker.rule.restoreBest, let epoch = tracker.bestEpoch, epoch != lastEpoch,
              let weights = tracker.bestWeights else { return nil }
        return (epoch, weights)
    }
}
