/// The sizes of a two-dimensional window sliding over a batch of NCHW feature maps, shared by
/// convolution and pooling: the checks of the hyperparameters and the output size.
///
/// Along each spatial axis, with input size `H`, kernel `k`, stride `s`, padding `p` and dilation `d`:
///
///     output = ⌊(H + 2p − d·(k − 1) − 1) / s⌋ + 1
///
/// (PyTorch's formula, without `ceil_mode`). Output position `o` reads the input at
/// `o·s − p + i·d` for `i` in `0 ..< k`; positions outside `0 ..< H` are the padding.
struct SlidingWindow {
    private(set) var batch: Int
    let channels: Int, height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int
    let stride: Int, padding: Int, dilation: Int
    let outputHeight: Int, outputWidth: Int

    /// Output positions per channel plane, `outputHeight · outputWidth`.
    var outputPlane: Int { outputHeight * outputWidth }
    /// Input elements per channel plane, `height · width`.
    var inputPlane: Int { height * width }

    /// Checks the hyperparameters and computes the output size.
    /// - Parameters:
    ///   - operation: the name used in messages (`"conv2d"`, `"Conv2D(1 → 8, kernel=3)"`).
    ///   - input: `[N, C, H, W]` (already checked to have rank 4).
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a kernel, stride or dilation below 1, a negative
    ///   padding, or an output size below 1 (the input is smaller than the dilated kernel).
    init(operation: String, input: [Int], kernelHeight: Int, kernelWidth: Int,
         stride: Int, padding: Int, dilation: Int) throws {
        try Self.checkHyperparameters(operation, kernel: [kernelHeight, kernelWidth], stride: stride,
                                      padding: padding, dilation: dilation)
        (batch, channels, height, width) = (input[0], input[1], input[2], input[3])
        (self.kernelHeight, self.kernelWidth) = (kernelHeight, kernelWidth)
        (self.stride, self.padding, self.dilation) = (stride, padding, dilation)
        outputHeight = try Self.outputSize(operation, axis: "height", size: input[2], kernel: kernelHeight,
                                           stride: stride, padding: padding, dilation: dilation)
        outputWidth = try Self.outputSize(operation, axis: "width", size: input[3], kernel: kernelWidth,
                                          stride: stride, padding: padding, dilation: dilation)
    }

    /// The same window over a batch of `batch` maps (a buffered kernel's partial last batch); the sizes
    /// were checked when `window` was made.
    init(_ window: SlidingWindow, batch: Int) {
        self = window
        self.batch = batch
    }

    /// The largest stride, padding or dilation accepted: far beyond any real image, small enough that the
    /// arithmetic on it cannot overflow.
    static let largest = 1 << 24

    /// Throws ``EngineError/invalidArgument(_:)`` naming the first value out of range.
    static func checkHyperparameters(_ operation: String, kernel: [Int], stride: Int, padding: Int,
                                     dilation: Int) throws {
        for k in kernel where k < 1 {
            throw EngineError.invalidArgument("\(operation) needs a kernel size of at least 1; got \(k)")
        }
        guard stride >= 1, stride <= largest else {
            throw EngineError.invalidArgument("\(operation) needs a stride from 1 to \(largest); got \(stride)")
        }
        guard dilation >= 1, dilation <= largest else {
            throw EngineError.invalidArgument("\(operation) needs a dilation from 1 to \(largest); got \(dilation)")
        }
        guard padding >= 0, padding <= largest else {
            throw EngineError.invalidArgument("\(operation) needs a padding from 0 to \(largest); got \(padding)")
        }
    }

    /// ⌊(size + 2p − d·(k − 1) − 1) / s⌋ + 1, or an error when it is below 1.
    static func outputSize(_ operation: String, axis: String, size: Int, kernel: Int, stride: Int,
                           padding: Int, dilation: Int) throws -> Int {
        // kernel ≤ the element limit (< 2^40) and dilation ≤ 2^24, so the product fits in 64 bits.
        let (span, overflow) = dilation.multipliedReportingOverflow(by: kernel - 1)
        let reach = overflow ? Int.max : span + 1  // the dilated kernel's extent
        let available = size + 2 * padding
        guard !overflow, available >= reach else {
            throw EngineError.invalidArgument(
                "\(operation): the input \(axis) \(size) with padding \(padding) is smaller than the "
                    + "kernel's extent \(overflow ? "(too large)" : String(reach)) (kernel \(kernel), dilation \(dilation)), "
                    + "so the output \(axis) would be 0")
        }
        return (available - reach) / stride + 1
    }

    /// The output positions `o` in `0 ..< outputSize` whose input index `o·s − p + offset` lies in
    /// `0 ..< size`: a contiguous range (empty when none does).
    static func validRange(offset: Int, size: Int, outputSize: Int, stride: Int, padding: Int) -> Range<Int> {
        // o·s ≥ p − offset  and  o·s < size + p − offset
        let low = Swift.max(0, ceilingDivision(padding - offset, stride))
        let high = Swift.min(outputSize, Swift.max(0, ceilingDivision(size + padding - offset, stride)))
        return low < high ? low ..< high : 0 ..< 0
    }

    /// ⌈a / b⌉ for a positive `b` and any `a`.
    static func ceilingDivision(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? (a + b - 1) / b : -((-a) / b)
    }
}
