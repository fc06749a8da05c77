import Testing
import DLEngine

/// conv2d against a naive direct convolution written here, its gradients against finite differences,
/// and its output shapes and errors.
@Suite struct ConvolutionTests {
    /// One convolution case: input and weight shapes and the window's hyperparameters.
    struct Case: CustomTestStringConvertible, Sendable {
        var input: [Int], weight: [Int], stride = 1, padding = 0, dilation = 1, bias = true
        var testDescription: String {
            "x\(input) w\(weight) s\(stride) p\(padding) d\(dilation)\(bias ? "" : " no bias")"
        }
    }

    static let cases: [Case] = [
        Case(input: [2, 3, 5, 7], weight: [4, 3, 3, 3]),
        Case(input: [1, 2, 7, 6], weight: [3, 2, 3, 2], stride: 2, padding: 1),
        Case(input: [2, 1, 9, 8], weight: [2, 1, 3, 3], padding: 2, dilation: 2),
        Case(input: [3, 2, 6, 5], weight: [1, 2, 1, 1], stride: 3),
        Case(input: [1, 3, 5, 5], weight: [2, 3, 5, 5], padding: 1, bias: false),
        Case(input: [2, 2, 11, 7], weight: [3, 2, 2, 4], stride: 3, padding: 3, dilation: 3, bias: false),
        // Stride 1 (the direct passes): more than 8 input and 16 output channels, a row wider than 16.
        Case(input: [2, 9, 4, 19], weight: [17, 9, 2, 3], padding: 1),
        Case(input: [1, 3, 6, 18], weight: [2, 3, 3, 3], padding: 2, dilation: 2, bias: false),
    ]

    /// The direct definition: y[n,o,oh,ow] = b[o] + Σ_c,i,j W[o,c,i,j] · x[n,c,oh·s−p+i·d, ow·s−p+j·d],
    /// accumulated in Double, with the output size from PyTorch's formula.
    func naiveConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride s: Int, padding p: Int, dilation d: Int) -> (shape: [Int], values: [Double]) {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * p - d * (kh - 1) - 1) / s + 1, ow = (wd + 2 * p - d * (kw - 1) - 1) / s + 1
        var y = [Double](repeating: 0, count: n * o * oh * ow)
        for b0 in 0 ..< n { for o0 in 0 ..< o { for r in 0 ..< oh { for q in 0 ..< ow {
            var sum = Double(b?.data[o0] ?? 0)
            for c0 in 0 ..< c { for i in 0 ..< kh { for j in 0 ..< kw {
                let ih = r * s - p + i * d, iw = q * s - p + j * d
                guard ih >= 0, ih < h, iw >= 0, iw < wd else { continue }
                sum += Double(w.data[((o0 * c + c0) * kh + i) * kw + j]) * Double(x.data[((b0 * c + c0) * h + ih) * wd + iw])
            } } }
            y[((b0 * o + o0) * oh + r) * ow + q] = sum
        } } } }
        return ([n, o, oh, ow], y)
    }

    @Test(arguments: cases) func forwardMatchesDirectConvolution(_ t: Case) throws {
        let x = try sample(t.input, seed: 1), w = try sample(t.weight, seed: 2)
        let b = t.bias ? try sample([t.weight[0]], seed: 3) : nil
        let y = try Tensor.conv2d(x, weight: w, bias: b, stride: t.stride, padding: t.padding, dilation: t.dilation)
        let expected = naiveConvolution(x, w, b, stride: t.stride, padding: t.padding, dilation: t.dilation)
        #expect(y.shape == expected.shape)
        #expect(allClose(y.data, expected.values.map(Float.init), relative: 1e-5, absolute: 1e-5))
    }

    @Test(arguments: cases) func gradientsMatchFiniteDifferences(_ t: Case) throws {
        let x = try sample(t.input, seed: 4), w = try sample(t.weight, seed: 5)
        let inputs = t.bias ? [x, w, try sample([t.weight[0]], seed: 6)] : [x, w]
        try expectGradientCheck(inputs) {
            try Tensor.conv2d($0[0], weight: $0[1], bias: t.bias ? $0[2] : nil,
                              stride: t.stride, padding: t.padding, dilation: t.dilation)
        }
    }

    @Test func onlyTheWeightNeedsAGradient() throws {
        let x = try sample([2, 1, 5, 5], seed: 7), w = try sample([2, 1, 3, 3], seed: 8)
        w.requiresGrad = true
        let y = try Tensor.conv2d(x, weight: w, padding: 1)
        try y.sum().backward()
        #expect(x.grad == nil)
        #expect(w.grad?.shape == [2, 1, 3, 3])
    }

    @Test func outputSizesFollowTheFormula() throws {
        // ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1 for H = 28: k3 p1 → 28; k3 s2 → 13; k5 d2 p0 → 20; k28 → 1.
        let x = try Tensor.zeros([1, 1, 28, 28])
        for (k, s, p, d, size) in [(3, 1, 1, 1, 28), (3, 2, 0, 1, 13), (5, 1, 0, 2, 20), (28, 1, 0, 1, 1), (2, 3, 2, 1, 11)] {
            let y = try Tensor.conv2d(x, weight: Tensor.zeros([2, 1, k, k]), stride: s, padding: p, dilation: d)
            #expect(y.shape == [1, 2, size, size], "k\(k) s\(s) p\(p) d\(d)")
        }
    }

    @Test func emptyBatchGivesAnEmptyOutput() throws {
        let y = try Tensor.conv2d(Tensor.zeros([0, 2, 5, 5]), weight: Tensor.ones([3, 2, 3, 3]), bias: Tensor.ones([3]))
        #expect(y.shape == [0, 3, 3, 3])
    }

    @Test func badShapesAndArgumentsAreClearErrors() throws {
        let x = try Tensor.zeros([1, 3, 8, 8]), w = try Tensor.zeros([4, 3, 3, 3])
        func message(_ body: () throws -> Tensor) -> String? {
            (#expect(throws: EngineError.self) { _ = try body() })?.description
        }
        #expect(message { try Tensor.conv2d(x, weight: Tensor.zeros([4, 2, 3, 3])) }
                == "shape mismatch in conv2d: [1, 3, 8, 8] and [4, 2, 3, 3]")
        #expect(message { try Tensor.conv2d(Tensor.zeros([3, 8, 8]), weight: w) }
                == "shape mismatch in conv2d: [3, 8, 8] and [4, 3, 3, 3]")
        #expect(message { try Tensor.conv2d(x, weight: w, bias: Tensor.zeros([3])) }
                == "shape mismatch in conv2d bias: [3] and [4]")
        #expect(message { try Tensor.conv2d(x, weight: w, stride: 0) } == "conv2d needs a stride from 1 to 16777216; got 0")
        #expect(message { try Tensor.conv2d(x, weight: w, padding: -1) } == "conv2d needs a padding from 0 to 16777216; got -1")
        #expect(message { try Tensor.conv2d(x, weight: w, dilation: 0) } == "conv2d needs a dilation from 1 to 16777216; got 0")
        #expect(message { try Tensor.conv2d(x, weight: Tensor.zeros([4, 3, 0, 3])) } == "conv2d needs a kernel size of at least 1; got 0")
        #expect(message { try Tensor.conv2d(x, weight: w, dilation: 5) }
                == "conv2d: the input height 8 with padding 0 is smaller than the kernel's extent 11 (kernel 3, dilation 5), so the output height would be 0")
        #expect(message { try Tensor.conv2d(x, weight: w, padding: Int.max) }?.contains("padding") == true)
    }
}
