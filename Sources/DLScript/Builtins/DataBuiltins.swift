import DLEngine

let dataBuiltins: [Builtin] = [
    Builtin("spiral", "spiral POINTS_PER_CLASS CLASSES [noise=0.1]",
            "The article's spiral data: CLASSES arms of POINTS_PER_CLASS 2-d points each, radius 0 to 1.",
            example: "data = spiral 100 3", category: .data, keywords: ["noise"]) { call in
        try call.expectPositional(0...2, usage: "spiral 100 3")
        return .dataset(try Dataset.spiral(
            pointsPerClass: try call.integer(0, nil, "points per class", default: 100),
            classes: try call.integer(1, nil, "the number of classes", default: 3),
            noise: try call.number(nil, "noise", "noise", default: 0.1), using: &call.session.generator))
    },
    Builtin("moons", "moons SAMPLES [noise=0.1]", "Two interleaving half circles (scikit-learn's make_moons), 2 classes.",
            example: "data = moons 200 noise=0.1", category: .data, keywords: ["noise"]) { call in
        try call.expectPositional(0...1, usage: "moons 200")
        return .dataset(try Dataset.moons(samples: try call.integer(0, nil, "samples", default: 200),
                                          noise: try call.number(nil, "noise", "noise", default: 0.1), using: &call.session.generator))
    },
    Builtin("circles", "circles SAMPLES [noise=0.05] [factor=0.5]", "A small circle inside a large one (scikit-learn's make_circles), 2 classes.",
            example: "data = circles 200", category: .data, keywords: ["noise", "factor"]) { call in
        try call.expectPositional(0...1, usage: "circles 200")
        return .dataset(try Dataset.circles(samples: try call.integer(0, nil, "samples", default: 200),
                                            noise: try call.number(nil, "noise", "noise", default: 0.05),
                                            factor: try call.number(nil, "factor", "factor", default: 0.5), using: &call.session.generator))
    },
    Builtin("blobs", "blobs SAMPLES [CLASSES=3] [std=1]", "Gaussian clusters around random centres (scikit-learn's make_blobs).",
            example: "data = blobs 300 4", category: .data, keywords: ["std"]) { call in
        try call.expectPositional(0...2, usage: "blobs 300 3")
        return .dataset(try Dataset.blobs(samples: try call.integer(0, nil, "samples", default: 300),
                                          classes: try call.integer(1, nil, "the number of classes", default: 3),
                                          std: try call.number(nil, "std", "std", default: 1), using: &call.session.generator))
    },
    Builtin("xor", "xor SAMPLES [noise=0.25]", "Four clusters at (±1, ±1) labelled by the sign of x·y: the XOR problem, 2 classes.",
            example: "data = xor 200", category: .data, keywords: ["noise"]) { call in
        try call.expectPositional(0...1, usage: "xor 200")
        return .dataset(try Dataset.xor(samples: try call.integer(0, nil, "samples", default: 200),
                                        noise: try call.number(nil, "noise", "noise", default: 0.25), using: &call.session.generator))
    },
    Builtin("split", "split DATA FRACTION [shuffle=true] [stratified=false]",
            "Splits a data set into a training part (FRACTION of the samples) and a test part.",
            example: "data = spiral 100 3\ntrain, test = split data 0.8", category: .data, keywords: ["shuffle", "stratified"]) { call in
        try call.expectPositional(1...2, usage: "train, test = split data 0.8")
        let data = try call.dataset(0)
        let (train, test) = try data.split(trainFraction: try call.number(1, nil, "the training fraction", default: 0.8),
                                           shuffle: try call.boolean(nil, "shuffle", "shuffle", default: true),
                                           stratified: try call.boolean(nil, "stratified", "stratified", default: false),
                                           using: &call.session.generator)
        return .list([.dataset(train), .dataset(test)])
    },
    Builtin("standardize", "standardize TRAIN [OTHER...]",
            "Scales each input feature to mean 0 and standard deviation 1, with statistics fitted on TRAIN only; returns the scaled data sets.",
            example: "data = blobs 300\ntrain, test = split data 0.8\ntrain, test = standardize train test", category: .data) { call in
        try call.expectPositional(1...Int.max, usage: "train, test = standardize train test")
        let standardizer = try Standardizer(fittingTo: try call.dataset(0))
        let scaled = try (0 ..< call.positional.count).map { Value.dataset(try standardizer.transform(try call.dataset($0))) }
        return scaled.count == 1 ? scaled[0] : .list(scaled)
    },
    Builtin("dataset", "dataset X LABELS [target=\"values\"|\"classes\"]",
            "A data set from an input tensor (samples in rows) and a list or tensor of class labels; with target=\"values\", of real-valued (regression) targets, one row per sample.",
            example: "d = dataset (tensor [[0, 0], [1, 1]]) [0, 1]\nr = dataset (tensor [[0.5], [1.5]]) [0.25, 2.5] target=\"values\"",
            category: .data, keywords: ["target"]) { call in
        try call.expectPositional(2...2, usage: "dataset X LABELS")
        let x = try call.tensor(0, nil, "X"), y = try call.tensor(1, nil, "LABELS")
        let kind = try call.targetKind()
        if kind == .values { return .dataset(try call.valueDataset(x, y)) }
        if kind == .automatic, y.data.allSatisfy(\.isFinite), y.data.contains(where: { $0 != $0.rounded() }) {
            throw ScriptError("dataset: the labels hold numbers that are not whole: say target=\"values\" for real-valued (regression) targets, or give class labels",
                              at: call.positional[1].location)
        }
        guard y.data.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e9 }) else {
            throw ScriptError("dataset: labels must be whole numbers >= 0", at: call.positional[1].location)
        }
        // An Int per label: twice the labels' tensor.
        try MemoryBudget.check(y.count, of: Int.self, shape: y.shape)
        let labels = y.data.map { Int($0) }
        return .dataset(try Dataset(inputs: x, targets: .classes(labels, classCount: (labels.max() ?? 0) + 1)))
    },
    Builtin("shapes", "shapes SAMPLES [size=16] [noise=0.1]",
            "Generated images of six simple shapes (bars, diagonal, cross, ring, square), [N, 1, size, size], for CNNs without a download.",
            example: "images = shapes 120 size=12", category: .data, keywords: ["size", "noise"]) { call in
        try call.expectPositional(0...1, usage: "shapes 600")
        return .dataset(try Dataset.shapes(samples: try call.integer(0, nil, "samples", default: 600),
                                           size: try call.integer(nil, "size", "size", default: 16),
                                           noise: try call.number(nil, "noise", "noise", default: 0.1),
                                           using: &call.session.generator))
    },
]
