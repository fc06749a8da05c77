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
