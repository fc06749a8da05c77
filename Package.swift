// swift-tools-version:6.0
// dlnb: a deep-learning library in Swift and a notebook-style REPL on top of it.
// No package dependencies; two system libraries (GNU readline, libpng) through module maps, and a module map
// over the C library's snprintf (CFormat).
import PackageDescription

/// Numeric code is compiled for the building machine's CPU. Without it, `SIMD.addProduct` turns into a
/// call of the C library's `fmaf` per element (0.7 GFLOP/s instead of 38; see docs/PERFORMANCE.md).
/// `-O` also in debug builds: unoptimized, the numeric loops run 20-60 times slower, and `swift test`
/// (a debug build) trains real networks and replays the notebooks.
let fastMath: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "native", "-enforce-exclusivity=unchecked", "-O"]),
]

let package = Package(
    name: "dlnb",
    products: [
        .library(name: "DLEngine", targets: ["DLEngine"]),
        .library(name: "DLPlot", targets: ["DLPlot"]),
        .library(name: "DLScript", targets: ["DLScript"]),
        .executable(name: "dlnb", targets: ["dlnb"]),
        .executable(name: "dlnb-bench", targets: ["dlnb-bench"]),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline",
                       providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        // The C library's snprintf with a fixed argument list (DLEngine's DecimalText); nothing to link.
        .systemLibrary(name: "CFormat", path: "Sources/CFormat"),
        .target(name: "DLEngine", dependencies: ["CFormat"], swiftSettings: fastMath),
        .target(name: "DLPlot", dependencies: ["CPNG"],
                // The embedded font's generator and licence, beside the Swift source they made.
                exclude: ["Canvas/Fonts/make_font.py", "Canvas/Fonts/LICENSE-DejaVu"], swiftSettings: fastMath),
        .target(name: "DLScript", dependencies: ["DLEngine", "DLPlot"]),
        .executableTarget(name: "dlnb", dependencies: ["DLScript", "DLPlot", "CReadline"]),
        .executableTarget(name: "dlnb-bench", dependencies: ["DLEngine", "DLScript"], swiftSettings: fastMath),
        .testTarget(name: "DLEngineTests", dependencies: ["DLEngine"]),
        .testTarget(name: "DLPlotTests", dependencies: ["DLPlot"]),
        .testTarget(name: "DLScriptTests", dependencies: ["DLScript"]),
        // Runs the built `dlnb` executable (flags, exit codes, stdin, -e); the dependency builds it first.
        .testTarget(name: "dlnbTests", dependencies: ["dlnb"]),
    ]
)

// Fuzz targets (Tests/Fuzz/README.md): declared only when DLNB_FUZZ is set, because each links libFuzzer's
// own `main` and builds only with `-sanitize=fuzzer`. Tests/Fuzz/run.sh sets it and builds them into
// .build-fuzz, apart from the normal build.
if Context.environment["DLNB_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["DLEngine", "DLScript"], path: "Tests/Fuzz/Support"))
    for name in ["FuzzSyntax", "FuzzEvaluator", "FuzzNotebook", "FuzzCSV", "FuzzIDX", "FuzzNPY", "FuzzNPZ",
                 "FuzzSafetensors", "FuzzModel", "FuzzCheckpoint"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["FuzzSupport", "DLEngine", "DLScript"],
                                                 path: "Tests/Fuzz/Targets/\(name)"))
    }
}
