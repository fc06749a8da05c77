/// The state of the generator a ``Sequential/fit(_:options:using:progress:onBatch:onEpoch:)`` draws from,
/// after each of its epochs, followed beside the fit.
///
/// The fit holds its generator (`inout`) while it runs, so its `onEpoch` callback cannot read it; a
/// checkpoint taken there needs the state the generator has at that moment. The fit draws from it only
/// in these places: a permutation of all samples for `validation: .split`, before the first epoch, and a
/// permutation of the training samples at the start of every epoch when shuffling. The trace makes the
/// same draws on a copy. (A test compares the trace with the generator after fits of every kind; a change
/// to what fit draws must change this too.)
public struct GeneratorTrace {
    private var generator: RandomGenerator
    private let trainingCount: Int
    private let shuffle: Bool

    /// Starts from `generator` as it is when the fit begins, for a fit on `sampleCount` samples.
    public init(_ generator: RandomGenerator, sampleCount: Int, options: TrainingOptions) {
        self.generator = generator
        var training = sampleCount
        if case .split(let fraction)? = options.validation {
            let held = Int((Float(sampleCount) * fraction).rounded())
            if held >= 1 && held < sampleCount {
                self.generator.skipPermutation(sampleCount)
                training -= held
            }
        }
        (trainingCount, shuffle) = (training, options.shuffle)
    }

    /// The generator as it is at the end of the next epoch (call once per epoch, in order).
    public mutating func endOfEpoch() -> RandomGenerator {
        if shuffle { generator.skipPermutation(trainingCount) }
        return generator
    }
}
