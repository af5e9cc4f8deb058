// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "lapgan",
    products: [
        .library(name: "LapGAN", targets: ["LapGAN"]),
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
        .target(name: "CPNG", path: "Sources/CPNG", linkerSettings: [.linkedLibrary("png16")]),
        // Open MPI (Debian 12's libopenmpi-dev): functions in place of MPI's macros. Only the CLI links it.
        .target(
            name: "CMPI", path: "Sources/CMPI",
            cSettings: [.unsafeFlags(["-I/usr/lib/x86_64-linux-gnu/openmpi/include", "-I/usr/include/x86_64-linux-gnu/mpi"])],
            linkerSettings: [.unsafeFlags(["-L/usr/lib/x86_64-linux-gnu/openmpi/lib"]), .linkedLibrary("mpi")]
        ),

        // The library: tensors, layers, pyramid, model, training, data, file formats, evaluation.
        .target(
            name: "LapGAN",
            dependencies: ["CBLAS", "CZlib", "CPNG"],
            path: "Sources/LapGAN",
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        // The explorer's screen model, views and terminal backend.
        .target(name: "TerminalUI", dependencies: ["LapGAN", "CNCurses"], path: "Sources/TerminalUI"),

        .executableTarget(
            name: "lapgan",
            dependencies: ["LapGAN", "TerminalUI", "CMPI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/lapgan"
        ),
        .executableTarget(
            name: "lapgan-tui",
            dependencies: ["TerminalUI", "LapGAN", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/lapgan-tui"
        ),

        .testTarget(name: "LapGANTests", dependencies: ["LapGAN", "CZlib"], path: "Tests/LapGANTests", exclude: ["Fixtures"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "LapGAN"], path: "Tests/TerminalUITests"),
        .testTarget(name: "CLITests", dependencies: ["LapGAN"], path: "Tests/CLITests"),
    ],
    swiftLanguageModes: [.v5]
)
