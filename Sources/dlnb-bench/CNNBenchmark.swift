import DLEngine

/// cnn: bench_torch.py's `bench_cnn`: 10,000 random 1 × 28 × 28 images with random labels in 0 ..< 10;
/// conv 1→8 3×3 pad 1, ReLU, maxpool 2, conv 8→16 3×3 pad 1, ReLU, maxpool 2, flatten, linear 784→10;
/// softmax cross-entropy, SGD lr 0.01 momentum 0.9, batch 64, shuffled. One warm-up epoch on the first
/// 640 images, then one timed epoch; samples per second.
let cnnWorkload = Workload(name: "cnn") { report in
    do {
        var rng = RandomGenerator(seed: 0)
        let n = 10_000
        let images = try Tensor.randomNormal([n, 1, 28, 28], using: &rng)
        let labels = (0 ..< n).map { _ in rng.integer(below: 10) }
        let data = try Dataset(inputs: images, targets: .classes(labels, classCount: 10), name: "random")
        let model = try Sequential {
            try Conv2D(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1, using: &rng)
            ReLU()
            try MaxPool2D(kernelSize: 2)
            try Conv2D(inputChannels: 8, outputChannels: 16, kernelSize: 3, padding: 1, using: &rng)
            ReLU()
            try MaxPool2D(kernelSize: 2)
            Flatten()
            try Linear(inputSize: 16 * 7 * 7, outputSize: 10, using: &rng)
        }
        let options = try TrainingOptions(epochs: 1, batchSize: 64, loss: SoftmaxCrossEntropy(),
                                          optimizer: SGD(learningRate: 0.01, momentum: 0.9))
        try model.fit(data.subset(Array(0 ..< 640)), options: options, using: &rng)
        let clock = ContinuousClock()
        let start = clock.now
        try model.fit(data, options: options, using: &rng)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        report(Figure(workload: "cnn", metric: "samples_per_s", value: (Double(n) / seconds).rounded()))
    } catch {
        fail("dlnb-bench: cnn failed: \(error)")
    }
}
