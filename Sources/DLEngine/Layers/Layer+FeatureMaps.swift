/// Input checks shared by the layers that work on feature maps (Conv2D, the pooling layers,
/// BatchNorm2d), worded like ``Layer/checkBatch(_:sampleShape:)``.
extension Layer {
    /// Checks that `input` is a batch of feature maps `[N, C, H, W]`, with `C == channels` when given.
    /// - Throws: ``EngineError/invalidArgument(_:)`` for a rank other than 4 (`"Conv2D(1 → 8, kernel=3)
    ///   takes a batch of shape [N, 1, H, W]; got [64, 784]"`); a shape mismatch naming the input's shape
    ///   and the shape it should have had, for a wrong channel count.
    func checkFeatureMaps(_ input: Tensor, channels: Int?) throws {
        guard input.rank == 4 else {
            throw EngineError.invalidArgument(
                "\(description) takes a batch of shape [N, \(channels.map(String.init) ?? "C"), H, W]; got \(EngineError.format(input.shape))")
        }
        if let channels, input.shape[1] != channels {
            var expected = input.shape
            expected[1] = channels
            throw EngineError.shapeMismatch(operation: description, input.shape, expected)
        }
    }

    /// Checks one sample's shape `[C, H, W]` for ``outputShape(for:)``, with `C == channels` when given.
    /// - Throws: as ``checkFeatureMaps(_:channels:)``.
    func checkSampleMaps(_ inputShape: [Int], channels: Int?) throws {
        guard inputShape.count == 3 else {
            throw EngineError.invalidArgument(
                "\(description) takes samples of shape [\(channels.map(String.init) ?? "C"), H, W]; got \(EngineError.format(inputShape))")
        }
        if let channels, inputShape[0] != channels {
            var expected = inputShape
            expected[0] = channels
            throw EngineError.shapeMismatch(operation: description, inputShape, expected)
        }
    }
}
