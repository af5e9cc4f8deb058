// swift-tools-version:6.0
import Foundation
import PackageDescription

// The numeric kernels use AVX2 + FMA where the building machine has them (1.3–2× faster transforms); the
// binaries are built where they run (Scripts/setup.sh, CI), so this follows the machine, not a fixed target.
let cpuFlags: [String] = {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
    let flags = info.split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ")) } ?? []
    // Everything -target-cpu haswell lets the compiler use (abm = LZCNT).
    let haswell: Set<Substring> = ["avx2", "fma", "bmi1", "bmi2", "abm", "movbe", "f16c"]
    return haswell.isSubset(of: flags) ? ["-target-cpu", "haswell"] : []
}()

/// The test targets' settings: -Onone in a release build too (see TestSupport below).
let testCode: [SwiftSetting] = [.unsafeFlags(["-Onone"], .when(configuration: .release))]

let package = Package(
    name: "lapgan",
    // Executables only: the library's Kernels target is built with -Ounchecked (an unsafe flag), which SwiftPM
    // refuses in packages used as dependencies, so LapGAN is not offered as a library product.
    products: [
        .executable(name: "lapgan", targets: ["lapgan"]),
        .executable(name: "lapgan-tui", targets: ["lapgan-tui"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C shims: system libraries (OpenBLAS, zlib, ncursesw) and a libpng wrapper with setjmp error handling.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "CPNG", path: "Sources/CPNG", linkerSettings: [.linkedLibrary("png16")]),
        // giflib: animated GIFs (lapgan sample --walk/--timeline, the explorer's e).
        .target(name: "CGIF", path: "Sources/CGIF", linkerSettings: [.linkedLibrary("gif")]),
        // Open MPI (Debian 12's libopenmpi-dev): functions in place of MPI's macros. Only the CLI links it.
        .target(
            name: "CMPI", path: "Sources/CMPI",
            cSettings: [.unsafeFlags(["-I/usr/lib/x86_64-linux-gnu/openmpi/include", "-I/usr/include/x86_64-linux-gnu/mpi"])],
            linkerSettings: [.unsafeFlags(["-L/usr/lib/x86_64-linux-gnu/openmpi/lib"]), .linkedLibrary("mpi")]
        ),

        // Numeric kernels on raw buffers the library allocated (convolution loops, reductions): the only code
        // compiled without bounds and overflow checks, where measurement says it matters.
        .target(name: "Kernels", dependencies: ["CBLAS"], path: "Sources/Kernels",
                swiftSettings: [.unsafeFlags(["-Ounchecked"] + cpuFlags, .when(configuration: .release))]),
        // The library: tensors, layers, pyramid, model, training, data, file formats, evaluation. Compiled with
        // checks: it parses model files, PNG, IDX and CSV.
        .target(name: "LapGAN", dependencies: ["Kernels", "CBLAS", "CZlib", "CPNG", "CGIF", "CMalloc"], path: "Sources/LapGAN"),
        // A terminal toolkit: cell grid, colours, half-block images, Braille plots, backends. Knows nothing of LapGAN.
        .target(name: "TerminalUI", dependencies: ["CNCurses"], path: "Sources/TerminalUI"),
        // The explorer app: its state, keys and views, drawn through TerminalUI.
        .target(name: "Explorer", dependencies: ["LapGAN", "TerminalUI"], path: "Sources/Explorer"),
        // What both executables share: running a command and reporting its errors one way.
        .target(
            name: "CommandSupport",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/CommandSupport"
        ),

        .executableTarget(
            name: "lapgan",
            dependencies: ["LapGAN", "CommandSupport", "CMPI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/lapgan"
        ),
        .executableTarget(
            name: "lapgan-tui",
            dependencies: ["Explorer", "TerminalUI", "LapGAN", "CommandSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/lapgan-tui"
        ),

        // Helpers only the tests use (the gradient checker, tiny models, temporary directories, tmux sessions).
        // Test code is compiled without optimisation even in the release build Scripts/test.sh makes (the code
        // under test is optimised; optimising the tests themselves only makes the build slower).
        .target(name: "TestSupport", dependencies: ["LapGAN"], path: "Tests/TestSupport", swiftSettings: testCode),
        .testTarget(name: "LapGANTests", dependencies: ["LapGAN", "CZlib", "TestSupport"], path: "Tests/LapGANTests",
                    exclude: ["Fixtures"], swiftSettings: testCode),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"], path: "Tests/TerminalUITests", swiftSettings: testCode),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "TerminalUI", "LapGAN", "TestSupport"], path: "Tests/ExplorerTests",
                    exclude: ["Snapshots"], swiftSettings: testCode),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "LapGAN"], path: "Tests/KernelsTests", swiftSettings: testCode),
        .testTarget(name: "CLITests", dependencies: ["LapGAN", "TestSupport"], path: "Tests/CLITests", swiftSettings: testCode),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (libFuzzer), only when LAPGAN_FUZZ=1 (Scripts/fuzz.sh sets it and builds with -sanitize=fuzzer,address):
// a normal build or test neither sees nor builds them. Each is Fuzz/Targets/<name>/main.swift, an
// LLVMFuzzerTestOneInput over one reader of outside data.
if ProcessInfo.processInfo.environment["LAPGAN_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/Support"))
    for name in ["fuzz-model", "fuzz-png", "fuzz-idx", "fuzz-cifar", "fuzz-log"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["LapGAN", "FuzzSupport"], path: "Fuzz/Targets/\(name)"))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
