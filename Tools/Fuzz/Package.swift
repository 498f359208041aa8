// swift-tools-version: 6.0
// libFuzzer targets for GreenGrid's frame decoder, message decoders and session gate.
// A package of its own: a fuzz target inside the main package breaks `swift test` (every
// executable there would be linked with libFuzzer's instrumentation). Build and run with ./run.sh.
import PackageDescription

let package = Package(
    name: "GreenGridFuzz",
    dependencies: [.package(name: "GreenGrid", path: "../..")],
    targets: [
        // What every target shares: reading the fuzzer's input, checks that report and abort.
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        .executableTarget(
            name: "FuzzFrameDecoder",
            dependencies: ["FuzzSupport", .product(name: "GreenGridProtocol", package: "GreenGrid")],
            path: "Sources/FuzzFrameDecoder"),
        .executableTarget(
            name: "FuzzMessages",
            dependencies: ["FuzzSupport", .product(name: "GreenGridProtocol", package: "GreenGrid")],
            path: "Sources/FuzzMessages"),
        .executableTarget(
            name: "FuzzSession",
            dependencies: [
                "FuzzSupport", .product(name: "GreenGridProtocol", package: "GreenGrid"),
                .product(name: "GreenGridServer", package: "GreenGrid"), .product(name: "GreenGridDomain", package: "GreenGrid"),
            ],
            path: "Sources/FuzzSession"),
    ],
    swiftLanguageModes: [.v6]
)
