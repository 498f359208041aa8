// swift-tools-version: 6.0
// GreenGrid: a peer-to-peer energy exchange. No package dependencies, by design:
// Foundation, Glibc, Dispatch, Synchronization and Swift Testing only.
import PackageDescription

let package = Package(
    name: "GreenGrid",
    products: [
        .executable(name: "greengrid-exchange", targets: ["GreenGridExchange"]),
        .executable(name: "greengrid-load", targets: ["GreenGridLoad"]),
        .executable(name: "greengrid-feedgen", targets: ["FeedGenerator"]),
        .executable(name: "greengrid-journal", targets: ["JournalTool"]),
        .executable(name: "greengrid-server", targets: ["GreenGridServerMain"]),
        .executable(name: "greengrid", targets: ["GreenGridCLI"]),
        .executable(name: "greengrid-bot", targets: ["TraderBot"]),
        .executable(name: "greengrid-recorder", targets: ["Recorder"]),
        .executable(name: "greengrid-meters", targets: ["MeterGateway"]),
        // For the fuzz package (Tools/Fuzz), which depends on this one by path: the decoders and the session gate.
        .library(name: "GreenGridDomain", targets: ["GreenGridDomain"]),
        .library(name: "GreenGridProtocol", targets: ["GreenGridProtocol"]),
        .library(name: "GreenGridServer", targets: ["GreenGridServer"]),
    ],
    targets: [
        // Pure, deterministic domain: no clock, no I/O, no randomness, no actors.
        .target(name: "GreenGridDomain", path: "Sources/GreenGridDomain"),
        // Checksums and hashes written here and tested against published vectors.
        .target(name: "GreenGridCrypto", path: "Sources/GreenGridCrypto"),
        // The write-ahead journal, snapshots and recovery; storage behind one protocol.
        .target(
            name: "GreenGridJournal", dependencies: ["GreenGridDomain", "GreenGridCrypto", "GreenGridEngine"],
            path: "Sources/GreenGridJournal"),
        // The binary wire protocol: framing, every message, incremental decoding (no I/O).
        .target(name: "GreenGridProtocol", dependencies: ["GreenGridDomain", "GreenGridMetering", "GreenGridAlerts"], path: "Sources/GreenGridProtocol"),
        // Only declarations of what Linux system headers hold (epoll, accept4) for Swift to call.
        .target(name: "CGreenGridLinux", path: "Sources/CGreenGridLinux"),
        // The exchange server: sockets on epoll, sessions, authentication, fan-out.
        .target(
            name: "GreenGridServer",
            dependencies: [
                "CGreenGridLinux", "GreenGridProtocol", "GreenGridDomain", "GreenGridEngine", "GreenGridJournal", "GreenGridCrypto",
                "GreenGridBilling", "GreenGridSimulation", "GreenGridMetering", "GreenGridForecast", "GreenGridAlerts",
            ],
            path: "Sources/GreenGridServer"),
        // Deterministic traders and command streams from a seed (no clock, no I/O).
        .target(name: "GreenGridSimulation", dependencies: ["GreenGridDomain"], path: "Sources/GreenGridSimulation"),
        // Actors that own the domain state: one per zone, plus the mediator.
        .target(
            name: "GreenGridEngine", dependencies: ["GreenGridDomain"], path: "Sources/GreenGridEngine",
            resources: [.copy("Resources/demo-market.json")]),
        // Argument parsing shared by the executables.
        .target(name: "GreenGridCommandLine", path: "Sources/GreenGridCommandLine"),
        // The main job: the exchange with its embedded demo.
        .executableTarget(
            name: "GreenGridExchange",
            dependencies: ["GreenGridDomain", "GreenGridEngine", "GreenGridSimulation", "GreenGridCommandLine", "GreenGridJournal"],
            path: "Sources/GreenGridExchange"),
        // The load-test harness's measuring kit: histogram, clock, replay format, result line.
        .target(name: "GreenGridLoadKit", dependencies: ["GreenGridDomain"], path: "LoadTests/GreenGridLoadKit"),
        .executableTarget(
            name: "GreenGridLoad",
            dependencies: [
                "GreenGridDomain", "GreenGridEngine", "GreenGridSimulation", "GreenGridCommandLine", "GreenGridLoadKit",
                "GreenGridJournal", "GreenGridClient", "GreenGridServer", "GreenGridProtocol", "GreenGridMetering",
            ],
            path: "LoadTests/GreenGridLoad"),
        .executableTarget(
            name: "FeedGenerator",
            dependencies: ["GreenGridSimulation", "GreenGridCommandLine"],
            path: "Tools/FeedGenerator"),
        .executableTarget(
            name: "JournalTool",
            dependencies: ["GreenGridDomain", "GreenGridJournal", "GreenGridCommandLine"],
            path: "Tools/JournalTool"),
        .executableTarget(
            name: "GreenGridServerMain",
            dependencies: [
                "GreenGridServer", "GreenGridEngine", "GreenGridDomain", "GreenGridJournal", "GreenGridCommandLine", "GreenGridProtocol",
                "GreenGridSimulation", "GreenGridBots", "GreenGridClient", "GreenGridForecast", "GreenGridMeterGateway",
            ],
            path: "Sources/GreenGridServerMain"),
        // The asynchronous client library: logon, order entry, market data with recovery, resume.
        .target(
            name: "GreenGridClient", dependencies: ["GreenGridProtocol", "GreenGridDomain", "GreenGridCrypto", "GreenGridMetering", "GreenGridAlerts"],
            path: "Sources/GreenGridClient"),
        .testTarget(
            name: "GreenGridClientTests",
            dependencies: ["GreenGridTestSupport", "GreenGridClient", "GreenGridServer", "GreenGridProtocol", "GreenGridDomain", "GreenGridMetering",
                           "GreenGridMeterGateway", "GreenGridAlerts"],
            path: "Tests/GreenGridClientTests"),
        // Trading bots: strategies (pure), the quote reconciler and the runner on the client library.
        .target(
            name: "GreenGridBots", dependencies: ["GreenGridClient", "GreenGridDomain", "GreenGridProtocol"],
            path: "Tools/GreenGridBots"),
        .executableTarget(
            name: "TraderBot",
            dependencies: ["GreenGridBots", "GreenGridClient", "GreenGridDomain", "GreenGridEngine", "GreenGridProtocol", "GreenGridCommandLine"],
            path: "Tools/TraderBot", exclude: ["README.md"]),
        .testTarget(
            name: "GreenGridBotsTests",
            dependencies: ["GreenGridTestSupport", "GreenGridBots", "GreenGridClient", "GreenGridServer", "GreenGridDomain", "GreenGridProtocol", "GreenGridEngine"],
            path: "Tests/GreenGridBotsTests"),
        // What the test targets that talk to a real server share (the demo-server fixture).
        .target(name: "GreenGridTestSupport", dependencies: ["GreenGridServer"], path: "Tests/GreenGridTestSupport"),
        .testTarget(
            name: "GreenGridProtocolTests", dependencies: ["GreenGridProtocol", "GreenGridDomain", "GreenGridSimulation", "GreenGridMetering", "GreenGridAlerts"],
            path: "Tests/GreenGridProtocolTests"),
        .testTarget(
            name: "GreenGridServerTests",
            dependencies: [
                "GreenGridServer", "GreenGridProtocol", "GreenGridCrypto", "CGreenGridLinux", "GreenGridDomain", "GreenGridSimulation",
                "GreenGridEngine", "GreenGridJournal", "GreenGridMetering", "GreenGridAlerts",
            ],
            path: "Tests/GreenGridServerTests"),
        .testTarget(
            name: "GreenGridCryptoTests", dependencies: ["GreenGridCrypto", "GreenGridSimulation"], path: "Tests/GreenGridCryptoTests"),
        .testTarget(
            name: "GreenGridJournalTests",
            dependencies: ["GreenGridDomain", "GreenGridEngine", "GreenGridJournal", "GreenGridCrypto", "GreenGridSimulation"],
            path: "Tests/GreenGridJournalTests"),
        .testTarget(
            name: "GreenGridDomainTests",
            dependencies: ["GreenGridDomain", "GreenGridSimulation"],
            path: "Tests/GreenGridDomainTests"),
        // The TCP load scenario's schedule, latency correction and sweep, and a short run against a real server.
        .testTarget(
            name: "GreenGridLoadTests",
            dependencies: ["GreenGridLoad", "GreenGridLoadKit", "GreenGridClient", "GreenGridServer", "GreenGridDomain"],
            path: "Tests/GreenGridLoadTests"),
        .testTarget(
            name: "GreenGridEngineTests",
            dependencies: ["GreenGridDomain", "GreenGridEngine", "GreenGridSimulation", "GreenGridLoadKit"],
            path: "Tests/GreenGridEngineTests"),
        // The market-data recorder: the recording format, writer, reader, printer and book rebuild.
        .target(
            name: "GreenGridRecording",
            dependencies: ["GreenGridClient", "GreenGridProtocol", "GreenGridDomain", "GreenGridCrypto"],
            path: "Tools/GreenGridRecording"),
        .executableTarget(
            name: "Recorder",
            dependencies: ["GreenGridRecording", "GreenGridClient", "GreenGridCommandLine"],
            path: "Tools/Recorder", exclude: ["README.md"]),
        .testTarget(
            name: "GreenGridRecordingTests",
            dependencies: ["GreenGridSimulation", "GreenGridTestSupport", "GreenGridRecording", "GreenGridClient", "GreenGridServer", "GreenGridProtocol", "GreenGridDomain", "GreenGridCrypto"],
            path: "Tests/GreenGridRecordingTests"),
        // The command-line client for people: the logic in a library so tests call it directly.
        .target(
            name: "GreenGridCLIKit",
            dependencies: ["GreenGridClient", "GreenGridProtocol", "GreenGridDomain", "GreenGridCommandLine", "GreenGridForecast", "GreenGridMetering",
                           "GreenGridAlerts"],
            path: "Tools/GreenGridCLIKit"),
        .executableTarget(name: "GreenGridCLI", dependencies: ["GreenGridCLIKit"], path: "Tools/GreenGridCLI", exclude: ["README.md"]),
        .testTarget(
            name: "GreenGridCLITests",
            dependencies: ["GreenGridTestSupport", "GreenGridCLIKit", "GreenGridClient", "GreenGridServer", "GreenGridProtocol", "GreenGridDomain", "GreenGridMetering"],
            path: "Tests/GreenGridCLITests"),
        // Monthly billing statements: a builder over ledger-shaped entries, CSV and self-contained HTML (pure, no clock).
        .target(name: "GreenGridBilling", dependencies: ["GreenGridDomain"], path: "Sources/GreenGridBilling"),
        .testTarget(name: "GreenGridBillingTests", dependencies: ["GreenGridBilling", "GreenGridDomain"],
                    path: "Tests/GreenGridBillingTests"),
        // Production forecasts from history and weather: solar position, clear sky, methods, backtest (pure, no clock, no I/O).
        .target(name: "GreenGridForecast", path: "Sources/GreenGridForecast"),
        .testTarget(name: "GreenGridForecastTests", dependencies: ["GreenGridForecast"], path: "Tests/GreenGridForecastTests"),
        .testTarget(
            name: "GreenGridLedgerTests", dependencies: ["GreenGridDomain", "GreenGridSimulation"],
            path: "Tests/GreenGridLedgerTests"),
        .target(name: "GreenGridMetering", dependencies: ["GreenGridDomain"], path: "Sources/GreenGridMetering"),
        // Price alerts: thresholds with hysteresis, per-user inboxes, the alerts journal's records (pure, no clock).
        .target(name: "GreenGridAlerts", dependencies: ["GreenGridDomain"], path: "Sources/GreenGridAlerts", exclude: ["README.md"]),
        .testTarget(name: "GreenGridAlertsTests", dependencies: ["GreenGridAlerts", "GreenGridDomain"], path: "Tests/GreenGridAlertsTests"),
        .testTarget(name: "GreenGridMeteringTests", dependencies: ["GreenGridMetering", "GreenGridDomain"], path: "Tests/GreenGridMeteringTests"),
        // Deterministic smart-meter simulator: PV, wind, BDEW loads, batteries and fleets from a seed (pure, no clock).
        .target(
            name: "GreenGridMeterSimulator", dependencies: ["GreenGridForecast", "GreenGridMetering", "GreenGridDomain"],
            path: "Tools/GreenGridMeterSimulator", exclude: ["README.md"]),
        .testTarget(
            name: "GreenGridMeterSimulatorTests", dependencies: ["GreenGridMeterSimulator", "GreenGridMetering", "GreenGridForecast"],
            path: "Tests/GreenGridMeterSimulatorTests"),
        // A gateway that streams a simulated fleet through the protocol (the demo's meters, greengrid-meters).
        .target(
            name: "GreenGridMeterGateway",
            dependencies: ["GreenGridMeterSimulator", "GreenGridMetering", "GreenGridClient", "GreenGridProtocol", "GreenGridDomain"],
            path: "Tools/GreenGridMeterGateway"),
        .executableTarget(
            name: "MeterGateway",
            dependencies: ["GreenGridMeterGateway", "GreenGridClient", "GreenGridCommandLine", "GreenGridServer", "GreenGridEngine",
                           "GreenGridDomain"],
            path: "Tools/MeterGateway"),
    ],
    swiftLanguageModes: [.v6]
)
