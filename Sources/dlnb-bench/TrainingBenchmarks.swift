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

/// The CPU seconds the whole process (all its threads) has used: beside the wall-clock figures, to tell
/// computing from waiting, and steadier than them on a shared machine.
func processCPU() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The process's peak resident memory so far, in MiB (Linux reports `ru_maxrss` in KiB).
func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// The article's network typed at the prompt: spiral data, 3 classes × 100 points, 2-100-3 ReLU with
/// weights 0.01·randn as in the article, softmax cross-entropy, SGD lr 1.0 with weight decay 0.001 (no
/// momentum), batch 20. `EPOCHS` is left to the workload.
let spiralStatements = """
    seed 0
    data = spiral 100 3
    model = sequential
    model.add(linear 2 100 init="small")
    model.add(relu)
    model.add(linear 100 3 init="small")
    opt = sgd lr=1.0 weight_decay=0.001
    """
func spiralFit(epochs: Int) -> String { "fit model data epochs=\(epochs) batch=20 optimizer=opt loss=softmax_ce" }

/// spiral: the whole fit of 200 epochs (3000 steps) as the peers run it; the seconds of the `fit`
/// statement and the accuracy after it.
let spiralWorkload = Workload(name: "spiral") { report in
    do {
        let bench = ScriptBench()
        try bench.run(spiralStatements)
        let cpu = processCPU()
        let seconds = try bench.time(spiralFit(epochs: 200))
        let cpuSeconds = processCPU() - cpu
        report(Figure(workload: "spiral", metric: "seconds", value: (seconds * 1e4).rounded() / 1e4,
                      extra: ["accuracy": try bench.number("accuracy model data"),
                              "cpu_seconds": (cpuSeconds * 1e4).rounded() / 1e4]))
    } catch {
        report(Figure(workload: "spiral", metric: "error", value: .nan, failure: "\(error)"))
    }
}

/// notebook: the spiral's statements run through the language as a notebook runs them, all of them timed
/// (seed, data, model, optimizer, and a fit of 2000 epochs): compare with ten times the spiral.
let notebookWorkload = Workload(name: "notebook") { report in
    do {
        let bench = ScriptBench()
        // Timed in two parts, whose sum is the figure: the set-up statements (the session's first
        // statements) and the fit alone, to compare with ten spirals.
        let setup = try bench.time(spiralStatements)
        let cpu = processCPU()
        let fit = try bench.time(spiralFit(epochs: 2000))
        let cpuSeconds = processCPU() - cpu
        let seconds = setup + fit
        report(Figure(workload: "notebook", metric: "seconds", value: (seconds * 1e4).rounded() / 1e4,
                      extra: ["accuracy": try bench.number("accuracy model data"),
                              "setup_seconds": (setup * 1e5).rounded() / 1e5, "fit_seconds": (fit * 1e4).rounded() / 1e4,
                              "fit_cpu_seconds": (cpuSeconds * 1e4).rounded() / 1e4]))
    } catch {
        report(Figure(workload: "notebook", metric: "error", value: .nan, failure: "\(error)"))
    }
}

/// mlp: 60,000 random 784-feature samples with random labels in 0 ..< 10, 784-256-128-10 ReLU, batch 128,
/// SGD lr 0.01 momentum 0.9, one epoch, typed as statements; samples per second of the `fit` statement.
let mlpWorkload = Workload(name: "mlp") { report in
    do {
        let bench = ScriptBench()
        let n = 60_000
        try bench.run("""
            x = randn \(n) 784
            data = dataset x (argmax (rand \(n) 10) axis=1)
            del x
            model = sequential
            model.add(linear 784 256)
            model.add(relu)
            model.add(linear 256 128)
            model.add(relu)
            model.add(linear 128 10)
            opt = sgd lr=0.01 momentum=0.9
            """)
        let seconds = try bench.time("fit model data epochs=1 batch=128 optimizer=opt loss=softmax_ce")
        // What the workload needs at least: the data, the parameters with their gradients and momentum
        // buffers, and one batch's activations and their gradients (forward and backward).
        let parameters = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10
        let floats = n * 784 + 3 * parameters + 2 * 128 * (784 + 256 + 256 + 128 + 128 + 10)
        let needed = Double(floats * MemoryLayout<Float>.size + n * MemoryLayout<Int>.size) / 1_048_576
        report(Figure(workload: "mlp", metric: "samples_per_s", value: (Double(n) / seconds).rounded(),
                      extra: ["peak_memory_mb": (peakMemoryMB() * 10).rounded() / 10,
                              "needed_memory_mb": (needed * 10).rounded() / 10]))
    } catch {
        report(Figure(workload: "mlp", metric: "error", value: .nan, failure: "\(error)"))
    }
}
