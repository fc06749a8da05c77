import Foundation
import Testing

/// The README's install steps as a fresh Debian/Ubuntu machine needs them (issue 13): the package lists
/// refreshed before the first install, the toolchain's own packages, and the system libraries the build
/// links with `pkg-config`, which finds libpng. The oracle is Package.swift: every system library it
/// names must be installed by a step.
@Suite struct ReadmeInstallTests {
    @Test func theStepsInstallWhatTheBuildNeeds() throws {
        let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
        let commands = readme.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("sudo apt-get") }
        #expect(commands.first == "sudo apt-get update", "the first apt-get must refresh the package lists: \(commands)")
        let installs = readme.components(separatedBy: "sudo apt-get install").dropFirst()
            .map { $0.prefix { $0 != "`" } }.joined(separator: " ")
        let manifest = try String(contentsOfFile: repositoryRoot + "/Package.swift", encoding: .utf8)
        // The packages Package.swift names as its system libraries' providers: `.apt(["libpng-dev"])`.
        let providers = manifest.components(separatedBy: ".apt([\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(providers.count == 2)
        let uses = manifest.contains("pkgConfig:") ? ["pkg-config"] : []
        for package in providers + uses + ["libncurses-dev", "libc6-dev"] {
            #expect(installs.contains(package), "README installs no \(package)")
        }
    }
}
