import Foundation
import Testing
import DLEngine
@testable import DLScript

/// The built-ins generated from the engine's registries: every registered layer, loss and optimizer is
/// a built-in, documented in docs/LANGUAGE.md, and takes its keywords; the new layers from the language.
@Suite struct RegistryBuiltinsTests {
    @Test func everyRegisteredNameIsABuiltinAndDocumented() throws {
        let document = try String(contentsOfFile: repositoryRoot + "/docs/LANGUAGE.md", encoding: .utf8)
        let kinds: [(names: [String], category: Builtin.Category)] = [
            (LayerRegistry.all.map(\.name), .layers), (LossRegistry.names, .losses), (OptimizerRegistry.names, .optimizers),
        ]
        for (names, category) in kinds {
            for name in names {
                let builtin = Builtins.all.first { $0.name == name }
                #expect(builtin?.category == category, "\(name) is not a built-in of \(category)")
                #expect(document.contains("#### `\(name)`"), "\(name) is not in docs/LANGUAGE.md")
            }
        }
        for entry in Initializer.registry { #expect(document.contains("| `\(entry.name)` |"), "\(entry.name) undocumented") }
    }

    @Test func theNewLayersFromTheLanguage() {
        let session = Session()
        let outcomes = session.run("""
            gelu (tensor [1])
            gelu (tensor [1]) approximate="tanh"
            silu (tensor [1])
            model = sequential
            model.add(linear 2 8)
            model.add(layernorm 8 eps=0.001)
            model.add(gelu)
            model.add(linear 8 6)
            model.add(layernorm [2, 3] affine=false)
            model.add(silu)
            model
            """)
        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.compactMap(\.error).map(\.message))")
        #expect(outcomes.compactMap(\.output).prefix(3) == ["[0.8413]", "[0.8412]", "[0.7311]"])
        #expect(outcomes.last?.output?.contains("LayerNorm([8], eps=0.001), GELU(), Linear(8 → 6)") == true)
    }

    @Test func badArgumentsAreRefusedAtTheirPlace() {
        let session = Session()
        let cases: [(String, String)] = [
            ("gelu approximate=\"cubic\"", "gelu: GELU's approximate must be \"none\" or \"tanh\"; got \"cubic\""),
            ("layernorm [2, 0.5]", "layernorm: SHAPE must be a whole number, not 0.5"),
            ("layernorm \"x\"", "layernorm: SHAPE must be a number, not a string"),
            ("linear 2 3 init=\"xavier\"", "linear: unknown initializer 'xavier'; known initializers: zeros, ones, small, normal, uniform, xavier_normal, xavier_uniform, he_normal, he_uniform"),
            ("hinge 2", "hinge takes its outputs and its targets, or nothing (usage: hinge OUTPUTS TARGETS)"),
            ("hinge 1 2 3", "hinge takes 0 to 2 arguments, got 3 (usage: hinge, or hinge OUTPUTS TARGETS, or hinge MODEL DATA)"),
        ]
        for (source, message) in cases {
            let error = session.run(source).compactMap(\.error).first
            #expect(error?.message == message, "\(source): \(error?.message ?? "no error")")
        }
    }
}
