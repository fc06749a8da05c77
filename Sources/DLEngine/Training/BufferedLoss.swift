/// A loss that can also run on buffers, for the fast training loop (see ``BufferedLayer``).
public protocol BufferedLoss: Loss {
    /// A kernel for a model with `outputCount` outputs per sample, trained on `targets` (the whole data
    /// set; each batch names its samples by index), or `nil` when these targets need the autodiff loss
    /// (which then also reports any error in them).
    func makeKernel(outputCount: Int, targets: Targets) throws -> (any LossKernel)?
}

/// One loss on raw buffers.
public protocol LossKernel: AnyObject {
    /// The batch mean of the loss for the outputs `z` (`batch × outputCount`, row r belonging to sample
    /// `samples[r]` of the data set), and, when `gradient` is given, ∂loss/∂z written into it.
    func loss(_ z: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>,
              gradient: UnsafeMutablePointer<Float>?) -> Float
}

/// A loss kernel that also takes its scores class-major (row i of class j at `zT[j · stride + i]`), as a
/// model whose last product runs with the batch along the vectors computes them (``DenseStack``), and
/// writes the gradient in the same layout: the same bits as its row-major ``LossKernel/loss(_:samples:gradient:)``.
protocol ClassMajorLossKernel: LossKernel {
    /// The most rows and classes it takes class-major.
    var classMajorLimits: (rows: Int, classes: Int) { get }
    /// `stride` is at least the rows rounded up to 16; lanes past the rows may be read and the
    /// gradient's written.
    func loss(classMajor zT: UnsafePointer<Float>, stride: Int, samples: UnsafeBufferPointer<Int>,
              gradient gT: UnsafeMutablePointer<Float>) -> Float
}
