/// What `fit` needs besides the data: how long, in what batches, with which loss and optimizer.
/// Defaults follow Keras (`batch_size=32`, shuffling every epoch).
public struct TrainingOptions {
    /// Passes over the training data.
    public var epochs: Int
    /// Samples per mini-batch; the last, partial batch of an epoch is kept.
    public var batchSize: Int
    /// Whether to visit the samples in a new random order every epoch.
    public var shuffle: Bool
    /// The loss to minimize (its batch mean).
    public var loss: any Loss
    /// The optimizer that updates the parameters after each batch.
    public var optimizer: any Optimizer
    /// An L1/L2 penalty on all of the model's weights, added to the loss.
    public var regularizer: Regularizer
    /// Data to evaluate after every epoch, or a fraction of the training data held out for it.
    public var validation: Validation?
    /// Classification figures to record every epoch besides loss and accuracy (``MetricAccumulator``).
    public var metrics: [ClassificationMetric] = []
    /// A learning-rate schedule that sets the optimizer's rate as the fit goes (after every epoch, or
    /// every batch for ``OneCycleLR``); it keeps its step count for the next fit.
    public var schedule: (any LearningRateSchedule)?
    /// Stopping when a figure stops improving, and keeping the best epoch's weights.
    public var earlyStopping: EarlyStopping?
    /// The loss validation reports, when it is not ``loss``: Keras's `class_weight` weights the training
    /// loss only (``ClassWeights``).
    public var validationLoss: (any Loss)?
    /// Whether `fit` may take the buffered step (``BufferedTraining``) when the model and loss allow it;
    /// tests turn it off to compare with the autodiff step.
    var allowsBufferedSteps = true
    /// Whether the buffered step may use the fused ``DenseStack`` for small dense networks (tests turn it
    /// off to compare with the layer-by-layer kernels).
    var allowsDenseSteps = true

    /// - Throws: for nonpositive epochs or batch size.
    public init(epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true, loss: any Loss, optimizer: any Optimizer,
                regularizer: Regularizer = .none, validation: Validation? = nil,
                schedule: (any LearningRateSchedule)? = nil, earlyStopping: EarlyStopping? = nil) throws {
        guard epochs >= 0 else { throw EngineError.invalidArgument("epochs must be >= 0; got \(epochs)") }
        guard batchSize >= 1 else { throw EngineError.invalidArgument("batch size must be >= 1; got \(batchSize)") }
        try loss.checkReducesToOneValue(for: "fit")
        if case .split(let fraction) = validation, !(fraction > 0 && fraction < 1) {
            throw EngineError.invalidArgument("validation split must be between 0 and 1; got \(fraction)")
        }
        self.epochs = epochs
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.loss = loss
        self.optimizer = optimizer
        self.regularizer = regularizer
        self.validation = validation
        self.schedule = schedule
        self.earlyStopping = earlyStopping
    }
}

/// Where validation data comes from.
public enum Validation {
    /// A separate data set.
    case data(Dataset)
    /// A random fraction of the training data (drawn from the fit's generator), set aside before training.
    /// Keras's `validation_split` takes the last part instead; the data sets here are ordered class by
    /// class, so that would hold out a single class.
    case split(Float)
}

/// Where training is, reported after every batch to the progress callback.
public struct TrainingProgress: Sendable {
    /// The epoch under way, from 1.
    public let epoch: Int
    public let epochs: Int
    /// Batches done in this epoch, from 1.
    public let batch: Int
    public let batches: Int
    /// The mean loss over this epoch's batches so far.
    public let loss: Float
    /// The training accuracy over this epoch's batches so far, for class targets.
    public let accuracy: Float?
    /// The rate of this batch's update.
    public var learningRate: Float = 0
    /// The validation loss and accuracy of the last finished epoch (`nil` before one, or without
    /// validation data): what a progress display can show beside the running figures.
    public var validationLoss: Float?
    public var validationAccuracy: Float?
}

/// The progress callback's answer: go on, or stop after this batch keeping what was learnt.
public enum TrainingControl: Sendable {
    case proceed
    case stop
}

/// One epoch's figures: training loss and accuracy (means over its batches, as Keras reports them) and,
/// with validation data, the validation loss and accuracy after the epoch.
public struct EpochRecord: Sendable, Equatable {
    public let epoch: Int
    public let loss: Float
    public let accuracy: Float?
    public let validationLoss: Float?
    public let validationAccuracy: Float?
    /// The learning rate of the epoch's first update (a per-batch schedule changes it during the epoch).
    public var learningRate: Float?
    /// False for an epoch that was stopped part-way (the figures cover the batches it did); true when
    /// every batch ran, even if training was stopped right after the last one.
    public let isComplete: Bool
    /// The asked-for metrics (``TrainingOptions/metrics``) in the order asked, then their `val_` versions.
    public var metrics: [MetricFigure] = []
}

/// Why training ended before its last epoch.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// The progress callback asked to stop (Ctrl-C in the REPL).
    case requested(epoch: Int, batch: Int)
    /// The loss became NaN or infinite; the update of that batch was not applied.
    case nonFiniteLoss(epoch: Int, batch: Int)
    /// Early stopping: `monitor` had not improved for `patience` epochs since epoch `best`.
    case earlyStopping(epoch: Int, monitor: String, best: Int, patience: Int)
    /// Early stopping with a baseline: `monitor` had not beaten `baseline` in `patience` epochs (`best` the
    /// best of them).
    case baselineNotReached(epoch: Int, monitor: String, baseline: Double, best: Int, patience: Int)

    public var description: String {
        switch self {
        case let .requested(epoch, batch): return "stopped at epoch \(epoch), batch \(batch)"
        case let .nonFiniteLoss(epoch, batch):
            return "the loss became NaN or infinite at epoch \(epoch), batch \(batch) (try a smaller learning rate)"
        case let .earlyStopping(epoch, monitor, best, patience):
            return "stopped early at epoch \(epoch): \(monitor) had not improved for \(patience) epoch\(patience == 1 ? "" : "s") since epoch \(best)"
        case let .baselineNotReached(epoch, monitor, baseline, best, patience):
            return "stopped early at epoch \(epoch): \(monitor) had not beaten the baseline \(Float(baseline)) in \(patience) epoch\(patience == 1 ? "" : "s") (the best: epoch \(best))"
        }
    }
}

/// What a fit returns: the per-epoch figures and, when it ended early, why.
///
/// A fit of a million epochs must not keep a million records: beyond ``maximumRecords``, every second
/// record is dropped and from then on only epochs on the wider spacing are kept (the latest always is), so
/// `epochs` stays evenly spaced and bounded whatever the epoch count.
public struct History: Sendable, Equatable {
    /// The most records kept (about 4 MB).
    public static let maximumRecords = 100_000

    /// The records kept, oldest first: every epoch, or every ``spacing``-th one and the latest. `fit` only
    /// ever appends to it.
    public internal(set) var epochs: [EpochRecord] = [] {
        didSet {
            guard let latest = epochs.last else { return }
            recordedEpochs += 1
            if latest.isComplete { completedEpochs += 1 }
            // The previous latest record stays only when it falls on the spacing.
            if spacing > 1, epochs.count >= 2, epochs[epochs.count - 2].epoch % spacing != 0 {
                epochs.remove(at: epochs.count - 2)
            }
            if epochs.count > History.maximumRecords {
                spacing *= 2
                let last = epochs.count - 1
                epochs = epochs.enumerated().filter { $0.offset == last || $0.element.epoch % spacing == 0 }.map(\.element)
            }
        }
    }
    /// Every how many epochs a record is kept (1 until ``maximumRecords`` is passed).
    public internal(set) var spacing = 1
    /// How many epochs the fit recorded, and how many of them ran to the end, kept or not.
    public internal(set) var recordedEpochs = 0
    public internal(set) var completedEpochs = 0
    public internal(set) var stopReason: StopReason?
    /// The epoch whose weights the fit put back at its end (early stopping's `restoreBest`); `nil` when
    /// the model keeps its last weights.
    public internal(set) var restoredEpoch: Int?
    /// Wall-clock seconds the fit took (varies from run to run).
    public internal(set) var duration: Double = 0
    /// Which training step ran (`nil` for a fit of no epochs).
    public internal(set) var step: TrainingStep?
    public init() {}

    /// The last epoch's record, if any.
    public var last: EpochRecord? { epochs.last }
}

/// Which step a fit trained on. All compute the same numbers (to float rounding); the fast ones skip
/// the autodiff graph.
public enum TrainingStep: Sendable, Equatable, CustomStringConvertible {
    /// Small dense networks: the fused step on padded buffers, the optimizer's update in the backward pass.
    case fusedDense
    /// Every layer's training kernel on buffers allocated once per fit; `fused` lists the layers (numbered
    /// from 1) that run as one fused dense kernel, run by run.
    case layerKernels(fused: [ClosedRange<Int>])
    /// The autodiff graph, and why the fast steps did not apply.
    case autodiff(reason: String)

    public var description: String {
        switch self {
        case .fusedDense: return "fused dense step"
        case .layerKernels(let fused):
            let runs = fused.map { $0.count == 1 ? "layer \($0.lowerBound)" : "layers \($0.lowerBound)-\($0.upperBound)" }
            return "layer-kernel step" + (runs.isEmpty ? "" : " (\(runs.joined(separator: ", ")) fused)")
        case .autodiff(let reason): return "autodiff step (\(reason))"
        }
    }
}
