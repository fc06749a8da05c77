import DLEngine
#if canImport(Glibc)
import Glibc
#endif

/// Seconds since an arbitrary start, monotonic.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The process's peak resident memory so far, in MiB (Linux reports `ru_maxrss` in KiB).
func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// The article's whole fit as the peers run it: spiral data, 3 classes × 100 points, 2-100-3 ReLU,
/// softmax cross-entropy, SGD lr 1.0 with weight decay 0.001 (no momentum), batch 20, 200 epochs
/// (3000 steps), weights 0.01·randn as in the article. Reports the seconds of the fit and the accuracy.
let spiralWorkload = Workload(name: "spiral") { report in
    do {
        var rng = RandomGenerator(seed: 0)
        let data = try Dataset.spiral(pointsPerClass: 100, classes: 3, using: &rng)
        let model = try Sequential {
            try Linear(inputSize: 2, outputSize: 100, weightInitializer: .small, using: &rng)
            ReLU()
            try Linear(inputSize: 100, outputSize: 3, weightInitializer: .small, using: &rng)
        }
        let options = try TrainingOptions(epochs: 200, batchSize: 20, loss: SoftmaxCrossEntropy(),
                                          optimizer: SGD(learningRate: 1.0, weightDecay: 0.001))
        let start = now()
        try model.fit(data, options: options, using: &rng)
        let seconds = now() - start
        report(Figure(workload: "spiral", metric: "seconds", value: (seconds * 1e4).rounded() / 1e4,
                      extra: ["accuracy": Double(try model.accuracy(data))]))
    } catch {
        report(Figure(workload: "spiral", metric: "error", value: .nan, extra: [:], failure: "\(error)"))
    }
}

/// 60,000 random 784-feature samples, 784-256-128-10 ReLU, batch 128, SGD lr 0.01 momentum 0.9, one
/// epoch. Reports samples per second.
let mlpWorkload = Workload(name: "mlp") { report in
    do {
        var rng = RandomGenerator(seed: 0)
        let n = 60_000
        let inputs = try Tensor.randomNormal([n, 784], using: &rng)
        let labels = (0 ..< n).map { _ in rng.integer(below: 10) }
        let data = try Dataset(inputs: inputs, targets: .classes(labels, classCount: 10))
        let model = try Sequential {
            try Linear(inputSize: 784, outputSize: 256, using: &rng)
            ReLU()
            try Linear(inputSize: 256, outputSize: 128, using: &rng)
            ReLU()
            try Linear(inputSize: 128, outputSize: 10, using: &rng)
        }
        let options = try TrainingOptions(epochs: 1, batchSize: 128, loss: SoftmaxCrossEntropy(),
                                          optimizer: SGD(learningRate: 0.01, momentum: 0.9))
        let start = now()
        try model.fit(data, options: options, using: &rng)
        let seconds = now() - start
        // What the workload needs at least: the data, the parameters with their gradients and momentum
        // buffers, and one batch's activations and their gradients (forward and backward).
        let floats = data.inputs.count + 3 * model.parameterCount + 2 * 128 * (784 + 256 + 256 + 128 + 128 + 10)
        let needed = Double(floats * MemoryLayout<Float>.size + labels.count * MemoryLayout<Int>.size) / 1_048_576
        report(Figure(workload: "mlp", metric: "samples_per_s", value: (Double(n) / seconds).rounded(),
                      extra: ["peak_memory_mb": (peakMemoryMB() * 10).rounded() / 10,
                              "needed_memory_mb": (needed * 10).rounded() / 10]))
    } catch {
        report(Figure(workload: "mlp", metric: "error", value: .nan, extra: [:], failure: "\(error)"))
    }
}
