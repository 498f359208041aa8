import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridLoadKit
import GreenGridMetering
import GreenGridProtocol
import GreenGridServer
import Synchronization

/// Meter-gateway load: `--gateways` connections, each a gateway user of its own, stream full
/// batches (128 readings) of `--meters` registered meters through the real server, keeping
/// `--window` batches in flight each (closed loop: the next batch goes when an ack comes back).
/// Every batch is validated reading by reading and acknowledged only once the metering journal
/// has it durably; `readings_per_s` counts acknowledged readings per second of the measured
/// span, and the latency is each batch's send → ReadingsAck, in µs.
///
/// Each meter's readings are 30 s apart starting 23.5 hours ago, inside the validation window,
/// advancing both registers within the meter's rated power, so every reading should be
/// accepted: any other outcome is counted in `errors`. A meter's readings run out when the next
/// one would be less than a minute old (`--meters` × 2,818 readings); a run that gets there
/// ends early and says so (`exhausted`).
enum MetersScenario {
    struct Options {
        var gateways = 4
        var meters = 20_000
        var window = 8
        var seconds = 10.0
        var warmupSeconds = 1.0
        var progress = true
    }

    static let firstMeterId: MeterId = 1_000_000
    static let stepMs: Int64 = 30_000
    static let historyMs: Int64 = 23 * 3_600_000 + 1_800_000

    static func run(_ options: Options, target: TCPTarget) async throws -> JSONLine {
        let market = target.market
        func configuration(_ username: String, _ password: String) -> ClientConfiguration {
            ClientConfiguration(host: target.host, port: target.port, username: username, password: password, heartbeatIntervalMs: 1_000,
                                requestTimeoutMs: 30_000, deliversSessionEvents: false, keepsBookMirror: false)
        }
        // Gateway users (each session one user) and the meters, spread over the zones' traders.
        let admin = try await GreenGridClient.connect(configuration("admin", DemoUsers.adminPassword))
        var gatewayIds: [TraderId] = []
        let runId = UInt32.random(in: 0...UInt32.max)
        for index in 0..<options.gateways {
            let answer = try await admin.createUser(username: "load-gw-\(runId)-\(index)", password: "load", role: .gateway, iterations: 1_000)
            guard case .userCreated(let created) = answer else { throw LoadFailure("creating a gateway user: \(answer)") }
            gatewayIds.append(created.traderId)
        }
        let owners = DemoUsers.accounts(market: market).map(\.participant).filter { $0.role.mayTrade }
        let meters: [Meter] = (0..<options.meters).map { index in
            let owner = owners[index % owners.count]
            return Meter(meterId: firstMeterId + MeterId(runId) * 10_000_000 + MeterId(index), ownerId: owner.traderId,
                         gatewayId: gatewayIds[index % options.gateways], feederId: 0, zone: owner.zone,
                         kind: owner.role == .prosumer ? .bidirectional : .householdLoad, ratedPowerW: 20_000)
        }
        try await register(meters, with: admin)
        await admin.logout()
        if options.progress { log("meters: \(meters.count) registered over \(options.gateways) gateways") }

        let startMs = WallClock.nowMs() - historyMs
        let latestMs = WallClock.nowMs() - 60_000
        let originNs = Int64(monotonicNanoseconds())
        let clock = ElapsedClock(originNs: originNs)
        let tally = MetersTallyBox()
        let measureFromNs = Int64(options.warmupSeconds * 1e9)
        let endNs = Int64((options.warmupSeconds + options.seconds) * 1e9)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for gateway in 0..<options.gateways {
                let own = meters.enumerated().filter { $0.offset % options.gateways == gateway }.map(\.element.meterId)
                let client = try await GreenGridClient.connect(configuration("load-gw-\(runId)-\(gateway)", "load"))
                let stream = ReadingStream(meterIds: own, startMs: startMs, stepMs: stepMs, latestMs: latestMs)
                for _ in 0..<options.window {
                    group.addTask {
                        while clock.elapsedNs() < endNs {
                            guard let batch = stream.next(count: Message.MeterReadings.capacity) else {
                                tally.mutex.withLock { $0.exhausted = true }
                                break
                            }
                            let sentNs = clock.elapsedNs()
                            let ack: Message.ReadingsAck
                            do { ack = try await client.submitReadings(batch) } catch {
                                if case ClientError.meteringRejected(.notReady, _)? = error as? ClientError {
                                    tally.mutex.withLock { $0.notReady += 1 }
                                    try await Task.sleep(nanoseconds: 1_000_000)
                                    continue
                                }
                                throw error
                            }
                            let doneNs = clock.elapsedNs()
                            guard sentNs >= measureFromNs, doneNs <= endNs else { continue }
                            let bad = ack.outcomes.filter { $0 != .accepted }.count
                            tally.mutex.withLock {
                                $0.readings += ack.outcomes.count
                                $0.batches += 1
                                $0.errors += bad
                                $0.latency.record(UInt64(max(0, doneNs - sentNs)))
                            }
                        }
                    }
                }
                group.addTask {
                    // Keeps the connection until its senders are done, then logs off.
                    while clock.elapsedNs() < endNs + 2_000_000_000 { try await Task.sleep(nanoseconds: 100_000_000) }
                    await client.logout()
                }
            }
            if options.progress {
                group.addTask {
                    var last = 0
                    while clock.elapsedNs() < endNs {
                        try await Task.sleep(nanoseconds: 1_000_000_000)
                        let now = tally.mutex.withLock { $0.readings }
                        log("meters: \(now - last) readings/s acknowledged")
                        last = now
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = tally.mutex.withLock { $0 }
        var line = JSONLine()
        line.add("scenario", "meters")
        line.add("server", target.description)
        line.add("gateways", options.gateways)
        line.add("meters", options.meters)
        line.add("window", options.window)
        line.add("batch", Message.MeterReadings.capacity)
        line.add("seconds", options.seconds, decimals: 1)
        line.add("readings", result.readings)
        line.add("readings_per_s", Double(result.readings) / options.seconds, decimals: 1)
        line.add("batches", result.batches)
        line.add("errors", result.errors)
        line.add("not_ready", result.notReady)
        line.add("exhausted", result.exhausted)
        line.add(latencyMicroseconds: result.latency)
        return line
    }

    /// Registers the meters with up to 256 registrations in flight.
    static func register(_ meters: [Meter], with client: GreenGridClient) async throws {
        var next = 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            func add() {
                guard next < meters.count else { return }
                let meter = meters[next]
                next += 1
                group.addTask { _ = try await client.registerMeter(meter) }
            }
            for _ in 0..<256 { add() }
            while try await group.next() != nil { add() }
        }
    }

    static func log(_ text: String) {
        FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
    }
}

final class MetersTallyBox: Sendable {
    let mutex = Mutex(MetersTally())
}

struct MetersTally: Sendable {
    var readings = 0
    var batches = 0
    var errors = 0
    var notReady = 0
    var exhausted = false
    var latency = LatencyHistogram()
}

struct LoadFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Each meter's next reading, meters in turn: timestamps a step apart, registers advancing by a
/// fixed amount per step (bidirectional meters export, loads import). Shared by one gateway's senders.
final class ReadingStream: Sendable {
    private struct State {
        var cursor = 0
        var step: [Int64]
    }
    private let meterIds: [MeterId]
    private let startMs: Int64
    private let stepMs: Int64
    private let latestMs: Int64
    private let state: Mutex<State>

    init(meterIds: [MeterId], startMs: Int64, stepMs: Int64, latestMs: Int64) {
        self.meterIds = meterIds
        self.startMs = startMs
        self.stepMs = stepMs
        self.latestMs = latestMs
        state = Mutex(State(step: Array(repeating: 0, count: meterIds.count)))
    }

    /// The next `count` readings, or nil once a meter's next reading would be newer than `latestMs`.
    func next(count: Int) -> [MeterReading]? {
        state.withLock { state in
            guard startMs + (state.step[state.cursor] + Int64(count / max(1, meterIds.count)) + 1) * stepMs <= latestMs else { return nil }
            return (0..<count).map { _ in
                let index = state.cursor
                state.cursor = (state.cursor + 1) % meterIds.count
                let step = state.step[index]
                state.step[index] += 1
                return MeterReading(meterId: meterIds[index], timestampMs: startMs + step * stepMs, importWh: 1_000 + step * 20,
                                    exportWh: 500 + step * 30, powerW: 1_200)
            }
        }
    }
}

/// Nanoseconds since the run's origin.
struct ElapsedClock: Sendable {
    let originNs: Int64
    func elapsedNs() -> Int64 { Int64(monotonicNanoseconds()) - originNs }
}
