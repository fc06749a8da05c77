import DLEngine

/// A convolutional workload typed as statements: `n` random images of `shape` with random labels in
/// 0 ..< 10, the model's `layers`, softmax cross-entropy, SGD lr 0.01 momentum 0.9, batch 64, shuffled.
/// One warm-up epoch on the first `warmup` images, then one timed epoch of the `fit` statement; samples
/// per second.
func convolutionWorkload(name: String, n: Int, shape: [Int], warmup: Int, layers: [String]) -> Workload {
    Workload(name: name) { report in
        do {
            let bench = ScriptBench()
            let size = shape.map(String.init).joined(separator: " ")
            try bench.run("""
                x = randn \(n) \(size)
                data = dataset x (argmax (rand \(n) 10) axis=1)
                del x
                warm, rest = split data \(Double(warmup) / Double(n)) shuffle=false
                del rest
                model = sequential
                \(layers.map { "model.add(\($0))" }.joined(separator: "\n"))
                opt = sgd lr=0.01 momentum=0.9
                fit model warm epochs=1 batch=64 optimizer=opt loss=softmax_ce
                """)
            let seconds = try bench.time("fit model data epochs=1 batch=64 optimizer=opt loss=softmax_ce")
            report(Figure(workload: name, metric: "samples_per_s", value: (Double(n) / seconds).rounded()))
        } catch {
            report(Figure(workload: name, metric: "error", value: .nan, failure: "\(error)"))
        }
    }
}

/// cnn: bench_torch.py's `bench_cnn`: 10,000 random 1 × 28 × 28 images; conv 1→8 3×3 pad 1, ReLU,
/// maxpool 2, conv 8→16 3×3 pad 1, ReLU, maxpool 2, flatten, linear 784→10; warm-up on 640 images.
let cnnWorkload = convolutionWorkload(
    name: "cnn", n: 10_000, shape: [1, 28, 28], warmup: 640,
    layers: ["conv2d 1 8 3 padding=1", "relu", "maxpool 2", "conv2d 8 16 3 padding=1", "relu", "maxpool 2",
             "flatten", "linear 784 10"])

/// cnn32: bench_torch.py's `bench_cnn32`, CIFAR-sized: 4,096 random 3 × 32 × 32 images; conv 3→32 3×3
/// pad 1, ReLU, maxpool 2, conv 32→64 3×3 pad 1, ReLU, maxpool 2, flatten, linear 4096→10; warm-up on
/// 256 images.
let cnn32Workload = convolutionWorkload(
    name: "cnn32", n: 4096, shape: [3, 32, 32], warmup: 256,
    layers: ["conv2d 3 32 3 padding=1", "relu", "maxpool 2", "conv2d 32 64 3 padding=1", "relu", "maxpool 2",
             "flatten", "linear 4096 10"])
