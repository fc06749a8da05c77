/// Whether operations record themselves for automatic differentiation (PyTorch's grad mode).
///
/// Recording is on by default; ``withoutGradient(_:)`` turns it off for inference and for optimizer
/// updates, which then cost no graph. The setting is task-local (and thread-local outside tasks), so
/// there is no global mutable state.
public enum GradientMode {
    @TaskLocal static var enabledValue = true

    /// Whether operations record autodiff information now.
    public static var isEnabled: Bool { enabledValue }
}

/// Runs `body` with gradient recording off (PyTorch's `torch.no_grad()`): results of operations are plain
/// tensors without a gradient function.
public func withoutGradient<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$enabledValue.withValue(false, operation: body)
}

/// Runs `body` with gradient recording on, even inside ``withoutGradient(_:)``.
public func withGradient<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$enabledValue.withValue(true, operation: body)
}
