/// An initializer as users name it (`init="he_normal"`), with what it draws: the registry that
/// ``Initializer/init(name:)``, the help and the docs read.
public struct InitializerRegistration: Sendable {
    public let name: String
    public let initializer: Initializer
    /// What it draws, for the docs.
    public let summary: String
    /// Another name for an initializer listed under its own name (`glorot_normal`).
    public let isAlias: Bool
}

extension Initializer {
    /// Every name users can write, in the order help texts list them; names without parameters take
    /// PyTorch's defaults.
    public static let registry: [InitializerRegistration] = [
        .init(name: "zeros", initializer: .zeros, summary: "all 0", isAlias: false),
        .init(name: "ones", initializer: .constant(1), summary: "all 1", isAlias: false),
        .init(name: "small", initializer: .small, summary: "N(0, 0.01²), the article's 0.01 · randn", isAlias: false),
        .init(name: "normal", initializer: .normal(mean: 0, std: 1), summary: "N(0, 1)", isAlias: false),
        .init(name: "uniform", initializer: .uniform(low: 0, high: 1), summary: "U[0, 1)", isAlias: false),
        .init(name: "xavier_normal", initializer: .xavierNormal, summary: "N(0, σ²), σ = √(2 / (fan_in + fan_out)) (Glorot)",
              isAlias: false),
        .init(name: "xavier_uniform", initializer: .xavierUniform, summary: "U[−a, a), a = √(6 / (fan_in + fan_out)) (Glorot)",
              isAlias: false),
        .init(name: "he_normal", initializer: .heNormal, summary: "N(0, σ²), σ = √(2 / fan_in) (Kaiming, ReLU gain)",
              isAlias: false),
        .init(name: "he_uniform", initializer: .heUniform, summary: "U[−a, a), a = √(6 / fan_in) (Kaiming, ReLU gain)",
              isAlias: false),
        .init(name: "glorot_normal", initializer: .xavierNormal, summary: "xavier_normal", isAlias: true),
        .init(name: "glorot_uniform", initializer: .xavierUniform, summary: "xavier_uniform", isAlias: true),
        .init(name: "kaiming_normal", initializer: .heNormal, summary: "he_normal", isAlias: true),
        .init(name: "kaiming_uniform", initializer: .heUniform, summary: "he_uniform", isAlias: true),
    ]
}
