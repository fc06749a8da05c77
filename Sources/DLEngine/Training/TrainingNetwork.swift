/// What ``BufferedTraining`` runs a step on: the layer-by-layer ``BufferedModel`` or the fused
/// ``DenseStack``.
protocol TrainingNetwork: AnyObject {
    var inputCount: Int { get }
    var outputCount: Int { get }
    /// The output batch (`batch × outputCount`, unpadded), valid after ``forward(batch:)``.
    var output: UnsafeMutablePointer<Float> { get }
    /// Where the loss writes ∂loss/∂output (`batch × outputCount`) before ``backward(batch:)``.
    var outputGradient: UnsafeMutablePointer<Float> { get }
    func load(_ inputs: UnsafePointer<Float>, samples: UnsafeBufferPointer<Int>)
    func forward(batch: Int) throws
    func backward(batch: Int)
}

extension BufferedModel: TrainingNetwork {}
