import DLEngine

let convolutionBuiltins: [Builtin] = [
    Builtin("conv2d", "conv2d IN OUT K [stride=1] [padding=0] [dilation=1] [bias=true] [init=\"he_uniform\"]",
            "A 2-d convolution over feature maps [N, IN, H, W] with OUT filters of K x K.",
            example: "model = sequential\nmodel.add(conv2d 1 8 3 padding=1)", category: .layers,
            keywords: ["stride", "padding", "dilation", "bias", "init"]) { call in
        try call.expectPositional(3...3, usage: "conv2d IN OUT K")
        return .layer(try Conv2D(inputChannels: try call.integer(0, nil, "IN"), outputChannels: try call.integer(1, nil, "OUT"),
                                 kernelSize: try call.integer(2, nil, "K"),
                                 stride: try call.integer(nil, "stride", "stride", default: 1),
                                 padding: try call.integer(nil, "padding", "padding", default: 0),
                                 dilation: try call.integer(nil, "dilation", "dilation", default: 1),
                                 bias: try call.boolean(nil, "bias", "bias", default: true),
                                 weightInitializer: try call.initializer("init", default: .heUniform),
                                 using: &call.session.generator))
    },
    Builtin("maxpool", "maxpool K [stride=K] [padding=0]", "Max pooling over K x K windows of feature maps.",
            example: "model = sequential\nmodel.add(maxpool 2)", category: .layers, keywords: ["stride", "padding"]) { call in
        try call.expectPositional(1...1, usage: "maxpool 2")
        return .layer(try MaxPool2D(kernelSize: try call.integer(0, nil, "K"),
                                    stride: call.has("stride") ? try call.integer(nil, "stride", "stride") : nil,
                                    padding: try call.integer(nil, "padding", "padding", default: 0)))
    },
    Builtin("avgpool", "avgpool K [stride=K] [padding=0]", "Average pooling over K x K windows of feature maps (padding counts as zeros).",
            example: "model = sequential\nmodel.add(avgpool 2)", category: .layers, keywords: ["stride", "padding"]) { call in
        try call.expectPositional(1...1, usage: "avgpool 2")
        return .layer(try AvgPool2D(kernelSize: try call.integer(0, nil, "K"),
                                    stride: call.has("stride") ? try call.integer(nil, "stride", "stride") : nil,
                                    padding: try call.integer(nil, "padding", "padding", default: 0)))
    },
    Builtin("batchnorm2d", "batchnorm2d CHANNELS [momentum=0.1] [eps=1e-5]",
            "Batch normalization of feature maps: per channel, over the batch and the image.",
            example: "model = sequential\nmodel.add(conv2d 1 8 3)\nmodel.add(batchnorm2d 8)", category: .layers,
            keywords: ["momentum", "eps"]) { call in
        try call.expectPositional(1...1, usage: "batchnorm2d 8")
        return .layer(try BatchNorm2d(channels: try call.integer(0, nil, "CHANNELS"),
                                      momentum: try call.float(nil, "momentum", "momentum", default: 0.1),
                                      eps: try call.float(nil, "eps", "eps", default: 1e-5)))
    },
    Builtin("flatten", "flatten [X] [start=0]",
            "Alone, a layer that turns feature maps [N, C, H, W] into rows [N, C·H·W]; applied to a tensor, its axes from start on merged into one.",
            example: "model = sequential\nmodel.add(flatten)\nflatten (ones 2 3 4) start=1", category: .layers,
            keywords: ["start"], callsWhenMentioned: true) { call in
        try call.expectPositional(0...1, usage: "flatten or flatten X")
        guard call.argument(0) != nil else {
            // The layer keeps the batch axis and merges all the others (PyTorch's nn.Flatten()).
            if let entry = call.keywords["start"] {
                throw ScriptError("flatten: start= applies to a tensor (flatten X start=1); the layer merges every axis after the batch axis", at: entry.location)
            }
            return .layer(Flatten())
        }
        return .tensor(try call.tensor(0, nil, "X").flattened(startAxis: try call.integer(nil, "start", "start", default: 0)))
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
