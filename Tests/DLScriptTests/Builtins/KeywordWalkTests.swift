import Foundation
import Testing
@testable import DLScript

/// Every documented keyword of every built-in is applied or refused: for each one a pair of statements,
/// without and with the keyword, run after the same setup in fresh sessions with the same seed; the
/// outputs must differ (the keyword changed the outcome) or the statement with it must fail with an error
/// that names it. A keyword without an entry here fails the walk, so new keywords come with their proof.
@Suite struct KeywordWalkTests {
    static let setup = """
        seed 7
        data = spiral 10 3
        model = sequential
        model.add(linear 2 6)
        model.add(relu)
        model.add(linear 6 3)
        h1 = fit model data epochs=2 batch=10
        h2 = fit model data epochs=2 batch=10
        x = param 1.5
        images = shapes 6 size=8
        """

    /// `builtin.keyword` → the statement without the keyword and the same with it.
    static let probes: [String: (String, String)] = [
        "gradcheck.eps": ("gradcheck sin x", "gradcheck sin x eps=1e-9"),
        "gradcheck.tol": ("gradcheck sin x", "gradcheck sin x tol=0"),
        "gradcheck.all": ("gradcheck sin (ones 150)", "gradcheck sin (ones 150) all=true"),
        "conv2d.stride": ("conv2d 1 2 3", "conv2d 1 2 3 stride=2"),
        "conv2d.padding": ("conv2d 1 2 3", "conv2d 1 2 3 padding=1"),
        "conv2d.dilation": ("conv2d 1 2 3", "conv2d 1 2 3 dilation=2"),
        "conv2d.bias": ("conv2d 1 2 3", "conv2d 1 2 3 bias=false"),
        "conv2d.init": ("(conv2d 1 2 3).weight", "(conv2d 1 2 3 init=\"zeros\").weight"),
        "maxpool.stride": ("maxpool 2", "maxpool 2 stride=1"),
        "maxpool.padding": ("maxpool 2", "maxpool 2 padding=1"),
        "avgpool.stride": ("avgpool 2", "avgpool 2 stride=1"),
        "avgpool.padding": ("avgpool 2", "avgpool 2 padding=1"),
        "batchnorm2d.momentum": ("batchnorm2d 3", "batchnorm2d 3 momentum=0.5"),
        "batchnorm2d.eps": ("batchnorm2d 3", "batchnorm2d 3 eps=0.1"),
        "flatten.start": ("(flatten (ones 2 3 4)).shape", "(flatten (ones 2 3 4) start=1).shape"),
        "shapes.size": ("(shapes 6).x.shape", "(shapes 6 size=10).x.shape"),
        "shapes.noise": ("(shapes 6).x[0]", "(shapes 6 noise=0.5).x[0]"),
        "spiral.noise": ("(spiral 5 2).x", "(spiral 5 2 noise=0.5).x"),
        "moons.noise": ("(moons 6).x", "(moons 6 noise=0.5).x"),
        "circles.noise": ("(circles 6).x", "(circles 6 noise=0.5).x"),
        "circles.factor": ("(circles 6).x", "(circles 6 factor=0.2).x"),
        "blobs.std": ("(blobs 6).x", "(blobs 6 std=3).x"),
        "xor.noise": ("(xor 6).x", "(xor 6 noise=0.5).x"),
        "dataset.target": ("(dataset (tensor [[1.0], [2]]) [0, 1]).y", "(dataset (tensor [[1.0], [2]]) [0, 1] target=\"values\").y"),
        "wave.noise": ("(wave 6).y", "(wave 6 noise=0.5).y"),
        "wave.frequency": ("(wave 6).y", "(wave 6 frequency=2).y"),
        "fit.class_weight": ("fit model data epochs=2 batch=10; predict model (tensor [[0.3, 0.2]])",
                             "fit model data epochs=2 batch=10 class_weight=[1, 5, 0.2]; predict model (tensor [[0.3, 0.2]])"),
        "clamp.min": ("clamp (tensor [-1.0, 2]) max=1", "clamp (tensor [-1.0, 2]) max=1 min=0"),
        "clamp.max": ("clamp (tensor [-1.0, 2]) min=0", "clamp (tensor [-1.0, 2]) min=0 max=1"),
        "mse.reduction": ("mse (tensor [[1.0, 2]]) (tensor [[0.0, 0]])", "mse (tensor [[1.0, 2]]) (tensor [[0.0, 0]]) reduction=\"sum\""),
        "mae.reduction": ("mae (tensor [[1.0, 2]]) (tensor [[0.0, 0]])", "mae (tensor [[1.0, 2]]) (tensor [[0.0, 0]]) reduction=\"none\""),
        "huber.reduction": ("huber (tensor [[1.0, 2]]) (tensor [[0.0, 0]])", "huber (tensor [[1.0, 2]]) (tensor [[0.0, 0]]) reduction=\"sum\""),
        "smooth_l1.reduction": ("smooth_l1 (tensor [[1.0, 2]]) (tensor [[0.0, 0]])", "smooth_l1 (tensor [[1.0, 2]]) (tensor [[0.0, 0]]) reduction=\"sum\""),
        "bce.reduction": ("bce (tensor [[1.0, 2]]) (tensor [[1.0, 0]])", "bce (tensor [[1.0, 2]]) (tensor [[1.0, 0]]) reduction=\"sum\""),
        "bce.weight": ("bce (tensor [[1.0, 2]]) (tensor [[1.0, 0]])", "bce (tensor [[1.0, 2]]) (tensor [[1.0, 0]]) weight=[3, 1]"),
        // PyTorch's losses of these names have no weight (and the CS231n hinge no reduction): refused.
        "mse.weight": ("mse", "mse weight=[1]"),
        "mae.weight": ("mae", "mae weight=[1]"),
        "huber.weight": ("huber", "huber weight=[1]"),
        "smooth_l1.weight": ("smooth_l1", "smooth_l1 weight=[1]"),
        "hinge.weight": ("hinge", "hinge weight=[1]"),
        "hinge.reduction": ("hinge", "hinge reduction=\"sum\""),
        "huber.delta": ("evaluate model data loss=huber", "evaluate model data loss=(huber delta=0.1)"),
        "smooth_l1.beta": ("evaluate model data loss=smooth_l1", "evaluate model data loss=(smooth_l1 beta=0.1)"),
        "load.target": ("save data \"k.csv\"; (load \"k.csv\").y", "save data \"k.csv\"; (load \"k.csv\" target=\"values\").y"),
        "split.shuffle": ("a, b = split data 0.5; a.y", "a, b = split data 0.5 shuffle=false; a.y"),
        "split.stratified": ("a, b = split data 0.5; a.y", "a, b = split data 0.5 stratified=true; a.y"),
        "linear.bias": ("linear 2 3", "linear 2 3 bias=false"),
        "linear.init": ("(linear 2 3).weight", "(linear 2 3 init=\"zeros\").weight"),
        "linear.bias_init": ("(linear 2 3).bias", "(linear 2 3 bias_init=\"ones\").bias"),
        "leaky_relu.slope": ("leaky_relu (tensor [-1.0])", "leaky_relu (tensor [-1.0]) slope=0.5"),
        "softmax.axis": ("softmax (tensor [[1.0, 2], [3, 5]])", "softmax (tensor [[1.0, 2], [3, 5]]) axis=0"),
        "dropconnect.bias": ("dropconnect 2 3 0.5", "dropconnect 2 3 0.5 bias=false"),
        "batchnorm.momentum": ("batchnorm 3", "batchnorm 3 momentum=0.5"),
        "batchnorm.eps": ("batchnorm 3", "batchnorm 3 eps=0.1"),
        "gelu.approximate": ("gelu (tensor [1.0])", "gelu (tensor [1.0]) approximate=\"tanh\""),
        "layernorm.eps": ("layernorm 3", "layernorm 3 eps=0.1"),
        "layernorm.affine": ("layernorm 3", "layernorm 3 affine=false"),
        "hinge.margin": ("evaluate model data loss=hinge", "evaluate model data loss=(hinge margin=3)"),
        "add.l1": ("fit model data epochs=1 batch=10 l1=0", "m = sequential; m.add(linear 2 3) l1=0.5; fit m data epochs=1 batch=10"),
        "add.l2": ("m = sequential; m.add(linear 2 3); fit m data epochs=1 batch=10", "m = sequential; m.add(linear 2 3) l2=0.5; fit m data epochs=1 batch=10"),
        "evaluate.loss": ("evaluate model data", "evaluate model data loss=mse"),
        "tensor.requires_grad": ("t = tensor [1.0]; whos", "t = tensor [1.0] requires_grad=true; whos"),
        "full.value": ("full 2 value=1", "full 2 value=3"),
        "randn.mean": ("randn 2", "randn 2 mean=5"),
        "randn.std": ("randn 2", "randn 2 std=5"),
        "rand.low": ("rand 2", "rand 2 low=5 high=6"),
        "rand.high": ("rand 2", "rand 2 high=6"),
        "concat.axis": ("concat [ones(1, 2), ones(1, 2)]", "concat [ones(1, 2), ones(1, 2)] axis=1"),
        "stack.axis": ("stack [ones(2), zeros(2)]", "stack [ones(2), zeros(2)] axis=1"),
        "fit.epochs": ("fit model data", "fit model data epochs=2"),
        "fit.batch": ("fit model data", "fit model data batch=5"),
        "fit.optimizer": ("fit model data epochs=2", "fit model data epochs=2 optimizer=(adam lr=0.1)"),
        "fit.loss": ("fit model data", "fit model data loss=hinge"),
        "fit.shuffle": ("fit model data batch=10", "fit model data batch=10 shuffle=false"),
        "fit.l1": ("fit model data epochs=2", "fit model data epochs=2 l1=0.5"),
        "fit.l2": ("fit model data epochs=2", "fit model data epochs=2 l2=0.5"),
        "fit.validation": ("fit model data", "fit model data validation=data"),
        "fit.validation_split": ("fit model data", "fit model data validation_split=0.5"),
        "fit.stop_after_batch": ("fit model data epochs=2 batch=10", "fit model data epochs=2 batch=10 stop_after_batch=1"),
        // verbose= changes only what a terminal shows (no output): a value it does not take is refused.
        "softmax_ce.weight": ("evaluate model data loss=softmax_ce", "evaluate model data loss=(softmax_ce weight=[1, 5, 1])"),
        "softmax_ce.label_smoothing": ("evaluate model data loss=softmax_ce", "evaluate model data loss=(softmax_ce label_smoothing=0.5)"),
        "softmax_ce.reduction": ("evaluate model data loss=softmax_ce", "evaluate model data loss=(softmax_ce reduction=\"sum\")"),
        "fit.metrics": ("fit model data epochs=2", "fit model data epochs=2 metrics=[\"f1\"]"),
        "precision.average": ("precision model data", "precision model data average=\"none\""),
        "recall.average": ("recall model data", "recall model data average=\"none\""),
        "f1.average": ("f1 model data", "f1 model data average=\"none\""),
        "topk.k": ("topk model data", "topk model data k=1"),
        "fit.verbose": ("fit model data verbose=0", "fit model data verbose=2"),
        "fit.checkpoint": ("fit model data epochs=2", "fit model data epochs=2 checkpoint=\"k.dlnbckpt\""),
        "fit.every": ("fit model data epochs=4 checkpoint=\"k.dlnbckpt\"", "fit model data epochs=4 checkpoint=\"k.dlnbckpt\" every=2"),
        "checkpoint.model": ("checkpoint \"k.dlnbckpt\"", "checkpoint \"k.dlnbckpt\" model=(sequential (linear 2 4))"),
        "checkpoint.optimizer": ("checkpoint \"k.dlnbckpt\"", "checkpoint \"k.dlnbckpt\" optimizer=(adam)"),
        "checkpoint.schedule": ("checkpoint \"k.dlnbckpt\"", "checkpoint \"k.dlnbckpt\" schedule=(step_lr step_size=2)"),
        "save.model": ("o = adam; fit model data epochs=1 optimizer=o; save o \"k.dlnbopt\"",
                       "o = adam; fit model data epochs=1 optimizer=o; save o \"k.dlnbopt\" model=(sequential (linear 2 4))"),
        "load.model": ("o = adam; fit model data epochs=1 optimizer=o; save o \"k.dlnbopt\"; load \"k.dlnbopt\"",
                       "o = adam; fit model data epochs=1 optimizer=o; save o \"k.dlnbopt\"; load \"k.dlnbopt\" model=(sequential (linear 2 4))"),
        "fit.schedule": ("fit model data epochs=3 batch=10", "fit model data epochs=3 batch=10 schedule=(step_lr step_size=1)"),
        "fit.patience": ("fit model data epochs=10 batch=10", "fit model data epochs=10 batch=10 patience=0 mode=max"),
        "fit.monitor": ("fit model data epochs=2 patience=1", "fit model data epochs=2 patience=1 monitor=val_loss"),
        "fit.min_delta": ("fit model data epochs=10 batch=10 patience=0", "fit model data epochs=10 batch=10 patience=0 min_delta=10"),
        "fit.mode": ("fit model data epochs=10 batch=10 patience=0", "fit model data epochs=10 batch=10 patience=0 mode=max"),
        "fit.baseline": ("fit model data epochs=10 batch=10 patience=3", "fit model data epochs=10 batch=10 patience=3 baseline=-1"),
        "fit.restore_best": ("fit model data epochs=5 batch=10 patience=100 mode=max", "fit model data epochs=5 batch=10 patience=100 mode=max restore_best=true"),
        "fit.start_from_epoch": ("fit model data epochs=10 batch=10 patience=0 mode=max", "fit model data epochs=10 batch=10 patience=0 mode=max start_from_epoch=5"),
        "plot.epochs": ("plot data data \"k.png\"", "plot data data \"k.png\" epochs=5"),
        "plot.steps": ("plot data data \"k.png\"", "plot schedule (step_lr step_size=2) \"k.png\" steps=5"),
        "plot.lr": ("plot data data \"k.png\"", "plot data data \"k.png\" lr=0.1"),
        "show.epochs": ("show data data", "show data data epochs=5"),
        "show.steps": ("show data data", "show schedule (step_lr step_size=2) steps=5"),
        "show.lr": ("show data data", "show data data lr=0.1"),
        "plot.size": ("plot data data \"k.png\"", "plot data data \"k.png\" size=300x200"),
        "plot.title": ("plot data data \"k.png\" title=\"A\"; 1", "plot loss h1 \"k.png\" log=1 title=5"),
        "plot.log": ("plot loss h1 \"k.png\"", "plot data data \"k.png\" log=true"),
        "plot.columns": ("plot images images \"k.png\"", "plot data data \"k.png\" columns=2"),
        "plot.names": ("plot data data \"k.png\"", "plot loss h1 \"k.png\" names=[\"a\"]"),
        "plot.loss": ("plot gradients model data \"k.png\"", "plot gradients model data \"k.png\" loss=5"),
        "plot.xlabel": ("plot data data \"k.png\"", "plot data data \"k.png\" xlabel=5"),
        "plot.ylabel": ("plot data data \"k.png\"", "plot data data \"k.png\" ylabel=5"),
        "plot.aspect": ("plot data data \"k.png\"", "plot data data \"k.png\" aspect=\"round\""),
        "show.xlabel": ("show data data", "show data data xlabel=5"),
        "show.ylabel": ("show data data", "show data data ylabel=5"),
        "show.aspect": ("show data data", "show loss h1 aspect=\"equal\""),
        "show.size": ("show data data", "show data data size=300x200"),
        "show.title": ("show data data", "show data data title=5"),
        "show.log": ("show loss h1", "show data data log=true"),
        "show.columns": ("show images images", "show data data columns=2"),
        "show.names": ("show data data", "show loss h1 names=[\"a\"]"),
        "show.loss": ("show gradients model data", "show gradients model data loss=5"),
        "load.label": ("save model \"k.dlnbmodel\"; load \"k.dlnbmodel\"", "save model \"k.dlnbmodel\"; load \"k.dlnbmodel\" label=1"),
        "load.labels": ("save model \"k.dlnbmodel\"; load \"k.dlnbmodel\"", "save model \"k.dlnbmodel\"; load \"k.dlnbmodel\" labels=\"x\""),
        "load.array": ("save data \"k.npz\"; load \"k.npz\"", "save data \"k.npz\"; load \"k.npz\" array=\"labels\""),
        "load.into": ("save model \"k.safetensors\"; m = sequential; m.add(linear 2 6); m.add(relu); m.add(linear 6 3); predict m (tensor [[0.3, 0.2]])",
                      "save model \"k.safetensors\"; m = sequential; m.add(linear 2 6); m.add(relu); m.add(linear 6 3); load \"k.safetensors\" into=m; predict m (tensor [[0.3, 0.2]])"),
        "export.input": ("export model \"k.py\"", "export model \"k.py\" input=[5]"),
        "load.header": ("save model \"k.dlnbmodel\"; load \"k.dlnbmodel\"", "save model \"k.dlnbmodel\"; load \"k.dlnbmodel\" header=false"),
    ]

    /// The reductions' keywords: `axis` against the whole tensor, `keepdims` against `axis` alone, `var`'s
    /// and `std`'s `correction` and `ddof` against the default.
    static func reductionProbe(_ name: String, _ keyword: String) -> (String, String)? {
        guard ["sum", "mean", "max", "min", "argmax", "argmin", "var", "std"].contains(name) else { return nil }
        let x = "(tensor [[1.0, 5], [3, 4]])"
        // var and std: the correction (or NumPy's ddof) against the default of 1.
        if keyword == "correction" || keyword == "ddof" { return ("\(name) \(x)", "\(name) \(x) \(keyword)=0") }
        return keyword == "axis" ? ("\(name) \(x)", "\(name) \(x) axis=0") : ("\(name) \(x) axis=0", "\(name) \(x) axis=0 keepdims=true")
    }

    /// The optimizers' keywords all change the first steps: probe them through `fit`.
    static func optimizerProbe(_ name: String, _ keyword: String) -> (String, String) {
        let values = ["lr": "0.5", "momentum": "0.5", "dampening": "0.5", "nesterov": "true", "weight_decay": "0.5",
                      "alpha": "0.5", "eps": "0.5", "centered": "true", "beta1": "0.5", "beta2": "0.5", "amsgrad": "true",
                      "schedule": "(step_lr step_size=1 gamma=0.1)"]
        let value = values[keyword] ?? "0.5"
        // Nesterov and dampening need momentum; give it on both sides.
        let base = keyword == "nesterov" || keyword == "dampening" ? "\(name) momentum=0.9" : name
        // AMSGrad departs from Adam only once a second moment falls: train longer, with a larger step.
        let (epochs, rate) = keyword == "amsgrad" ? (40, " lr=0.05") : (3, "")
        let probe = "; predict model (tensor [[0.3, 0.2]])"
        return ("fit model data epochs=\(epochs) batch=10 optimizer=(\(base)\(rate))" + probe,
                "fit model data epochs=\(epochs) batch=10 optimizer=(\(base)\(rate) \(keyword)=\(value))" + probe)
    }

    /// The schedules' keywords, through the rates a fit records (`h.lr`): each keyword given a value
    /// other than the one on the left, after the required ones.
    static func scheduleProbe(_ name: String, _ keyword: String) -> (String, String)? {
        let cases: [String: (base: String, changes: [String: String])] = [
            "step_lr": ("step_size=3", ["step_size": "2", "gamma": "0.5"]),
            "multi_step_lr": ("milestones=[3]", ["milestones": "[2, 4]", "gamma": "0.5"]),
            "exponential_lr": ("gamma=0.9", ["gamma": "0.5"]),
            "cosine_annealing_lr": ("t_max=10", ["t_max": "5", "eta_min": "0.01"]),
            "cosine_annealing_warm_restarts": ("t_0=3", ["t_0": "4", "t_mult": "2", "eta_min": "0.01"]),
            "linear_lr": ("", ["start_factor": "0.5", "end_factor": "0.5", "total_iters": "2"]),
            "one_cycle_lr": ("max_lr=0.1 total_steps=40", ["max_lr": "0.2", "total_steps": "50", "pct_start": "0.5",
                                                           "anneal_strategy": "linear", "div_factor": "10", "final_div_factor": "100",
                                                           "three_phase": "true"]),
            // A threshold no epoch meets: the rate falls every epoch, so each setting shows.
            "reduce_lr_on_plateau": ("patience=0 threshold=0.9", ["monitor": "val_loss", "factor": "0.5", "patience": "3",
                                                                   "threshold": "0", "cooldown": "3", "min_lr": "0.05", "eps": "0.5",
                                                                   "threshold_mode": "abs", "mode": "max"]),
        ]
        // One-cycle's momentum keywords change the momentum, not the rates: probe them through the weights
        // a fit with momentum leaves.
        let momentum = ["cycle_momentum": "false", "base_momentum": "0.5", "max_momentum": "0.99"]
        if name == "one_cycle_lr", let value = momentum[keyword] {
            let fit = "fit model data epochs=4 batch=10 optimizer=(sgd lr=0.1 momentum=0.5) schedule=(one_cycle_lr max_lr=0.1 total_steps=40"
            let probe = "; predict model (tensor [[0.3, 0.2]])"
            return (fit + ")" + probe, fit + " \(keyword)=\(value))" + probe)
        }
        guard let (base, changes) = cases[name], let value = changes[keyword] else { return nil }
        // mode shows on a threshold the loss can meet; threshold_mode on a loss far from 1 (a hinge loss
        // about 100: a 1% relative threshold asks for a fall of 1, the absolute one for 0.01).
        let left = keyword == "mode" ? "patience=0 threshold=0.01" : keyword == "threshold_mode" ? "patience=0 threshold=0.01" : base
        let loss = keyword == "threshold_mode" ? " loss=(hinge margin=100)" : ""
        // One-cycle cycles the momentum (by default), which needs one.
        let optimizer = name == "one_cycle_lr" ? "sgd lr=0.1 momentum=0.5" : "sgd lr=0.1"
        let fit = "h = fit model data epochs=12 batch=10 optimizer=(\(optimizer))\(loss) schedule="
        return (fit + "(\(name) \(left)); h.lr", fit + "(\(name) \(left) \(keyword)=\(value)); h.lr")
    }

    func outputs(_ statement: String, in folder: String) -> [String] {
        let session = Session(inputDirectory: folder, outputDirectory: folder)
        for outcome in session.run(KeywordWalkTests.setup) where outcome.error != nil {
            Issue.record("setup failed: \(outcome.error!.message)")
        }
        return session.run(statement).flatMap(\.recordedOutput).map { OutputComparison.withoutVariableParts($0) }
    }

    @Test func everyKeywordIsAppliedOrRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-keywords-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var missing: [String] = []
        for builtin in Builtins.all {
            for keyword in builtin.keywords {
                let key = "\(builtin.name).\(keyword)"
                let probe = builtin.category == .optimizers ? KeywordWalkTests.optimizerProbe(builtin.name, keyword)
                    : builtin.category == .schedules ? KeywordWalkTests.scheduleProbe(builtin.name, keyword)
                    : KeywordWalkTests.probes[key] ?? KeywordWalkTests.reductionProbe(builtin.name, keyword)
                guard let (without, with) = probe else {
                    missing.append(key)
                    continue
                }
                let before = outputs(without, in: folder), after = outputs(with, in: folder)
                if before.contains(where: { $0.hasPrefix("error:") }) {
                    Issue.record("\(key): '\(without)' failed: \(before)")
                }
                let refused = after.contains { $0.hasPrefix("error:") && $0.contains(keyword) }
                let changed = before != after && !after.contains { $0.hasPrefix("error:") }
                if !(refused || changed) {
                    Issue.record("\(key) neither changes the outcome nor is refused: \(before) / \(after)")
                }
            }
        }
        #expect(missing.isEmpty, "keywords without a probe: \(missing.joined(separator: ", "))")
    }
}
