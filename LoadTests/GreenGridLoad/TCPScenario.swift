import Foundation
import Glibc
import GreenGridClient
import GreenGridDomain
import GreenGridLoadKit
import Synchronization

/// The TCP scenario: open-loop order flow at a fixed rate through the client library to a real
/// server, each request timed from its intended send time to its first answer on the session
/// stream (coordinated-omission corrected).
///
/// Threads: one sender thread walks the schedule (sleeping until each request is due, sending
/// everything already due back-to-back when behind), each client has its library reader
/// thread, and one task per connection drains its session stream. Nothing is spawned per order.
enum TCPScenario {
    struct Options: Sendable {
        var connections = 4
        var rate = 1_000.0
        var seconds = 5.0
        var warmupSeconds = 1.0
        var mix = LoadMix()
        var seed: UInt64 = 7
        var intervals = 4
        /// How long to wait after the last send for answers still outstanding.
        var drainSeconds = 5.0
        /// The sender wakes at most once per this many µs, sending everything then due.
        var sendQuantumMicros = 0
        var progress = true
    }

    struct Result: Sendable {
        var line: JSONLine
        var measurement: SweepMeasurement
    }

    static func run(_ options: Options, target: TCPTarget, scenarioName: String = "order-entry") async throws -> Result {
        let connections = try await connect(options, target: target)
        let journaledBefore = await target.journaledCommands()
        let sent = Atomic<Int>(0)
        let senderDone = Atomic<Bool>(false)
        let senderStats = Mutex<(measuredSent: Int, lastMeasuredSendNs: UInt64)>((0, 0))
        let startNs = monotonicNanoseconds() + 50_000_000  // everyone logged on and reading first
        let warmupNs = UInt64(options.warmupSeconds * 1e9)
        let totalNs = warmupNs + UInt64(options.seconds * 1e9)
        let schedule = LoadSchedule(ratePerSecond: options.rate, connections: options.connections, mix: options.mix,
                                    intervals: options.intervals, seed: options.seed)

        let sender = Thread {
            var schedule = schedule
            let count = schedule.dueCount(atOffsetNs: totalNs - 1)
            var measuredSent = 0
            var lastMeasuredSendNs: UInt64 = 0
            // Everything due at a wake-up is planned first, then each connection writes its share
            // in one system call: a sender that fell behind catches up in bulk, as a real
            // pipelining client would, and the intended times still carry the delay.
            var batches = Array(repeating: TCPBatch(), count: connections.count)
            var index = 0
            // Wake-ups at least a quantum apart: at 100,000 requests/s one per request would cost
            // the sender a context switch every 10 µs; sparse requests still go exactly on time.
            let quantumNs = UInt64(options.sendQuantumMicros) * 1_000
            var lastWakeNs: UInt64 = 0
            while index < count {
                let action = schedule.next()!
                index += 1
                let intendedNs = startNs + action.intendedOffsetNs
                let wakeNs = max(intendedNs, lastWakeNs + quantumNs)
                if monotonicNanoseconds() < wakeNs { sleepUntil(wakeNs) }
                lastWakeNs = monotonicNanoseconds()
                let measured = action.intendedOffsetNs >= warmupNs
                connections[action.connection].plan(action, intendedNs: intendedNs, measured: measured, into: &batches[action.connection])
                var planned = 1
                var measuredPlanned = measured ? 1 : 0
                while index < count, startNs + schedule.intendedOffsetNs(schedule.nextIndex) <= monotonicNanoseconds() {
                    let next = schedule.next()!
                    index += 1
                    let nextMeasured = next.intendedOffsetNs >= warmupNs
                    connections[next.connection].plan(next, intendedNs: startNs + next.intendedOffsetNs, measured: nextMeasured,
                                                      into: &batches[next.connection])
                    planned += 1
                    if nextMeasured { measuredPlanned += 1 }
                }
                for connection in connections.indices where !batches[connection].requests.isEmpty {
                    connections[connection].flush(&batches[connection])
                }
                sent.add(planned, ordering: .relaxed)
                if measuredPlanned > 0 {
                    measuredSent += measuredPlanned
                    lastMeasuredSendNs = monotonicNanoseconds()
                }
            }
            senderStats.withLock { $0 = (measuredSent, lastMeasuredSendNs) }
            senderDone.store(true, ordering: .releasing)
        }
        sender.name = "greengrid-load-sender"
        sender.stackSize = 1 << 20
        sender.start()

        // Progress once a second while sending, then the drain.
        var lastSent = 0
        var nextReportNs = startNs + 1_000_000_000
        var drainDeadlineNs: UInt64 = .max
        while true {
            try await Task.sleep(for: .milliseconds(20))
            let now = monotonicNanoseconds()
            let done = senderDone.load(ordering: .acquiring)
            if done && drainDeadlineNs == .max { drainDeadlineNs = now + UInt64(options.drainSeconds * 1e9) }
            if now >= nextReportNs {
                let total = sent.load(ordering: .relaxed)
                var recent = LatencyHistogram()
                var answered = 0
                var outstanding = 0
                for connection in connections {
                    connection.state.book.withLock { book in
                        recent.merge(book.ledger.takeRecent())
                        answered += book.ledger.answered
                        outstanding += book.ledger.outstandingCount
                    }
                }
                if options.progress {
                    let elapsed = Double(now - startNs) / 1e9
                    let phase = elapsed < options.warmupSeconds ? " (warm-up)" : done ? " (draining)" : ""
                    let p99 = recent.total > 0 ? "\((recent.value(atPercentile: 99) + 999) / 1000)us" : "-"
                    let text = "\(scenarioName): \(String(format: "%.0f", elapsed))s\(phase) target=\(Int(options.rate))/s sent=\(total) answered=\(answered) outstanding=\(outstanding) rate=\(total - lastSent)/s p99=\(p99)\n"
                    FileHandle.standardError.write(text.data(using: .utf8)!)
                }
                lastSent = total
                nextReportNs += 1_000_000_000
            }
            if done {
                let outstanding = connections.reduce(0) { sum, connection in sum + connection.state.book.withLock { $0.ledger.outstandingCount } }
                if outstanding == 0 || now >= drainDeadlineNs { break }
            }
        }

        let journaledAfter = await target.journaledCommands()
        let line = summary(options, target: target, scenarioName: scenarioName, connections: connections,
                           sentTotal: sent.load(ordering: .relaxed), sender: senderStats.withLock { $0 }, measureStartNs: startNs + warmupNs,
                           journaled: journaledBefore.flatMap { before in journaledAfter.map { $0 - before } })
        for connection in connections { await connection.finish() }
        return line
    }

    static func connect(_ options: Options, target: TCPTarget) async throws -> [TCPLoadConnection] {
        let zones = target.market.zones
        let firstInterval = (Int64(Date().timeIntervalSince1970 * 1000) / DeliveryInterval.lengthMs + 4) * DeliveryInterval.lengthMs
        let intervalStarts = (0..<options.intervals).map { firstInterval + Int64($0) * DeliveryInterval.lengthMs }
        let usersPerRole = zones.count
        let sessionsPerUser = (options.connections + 2 * usersPerRole - 1) / (2 * usersPerRole)
        let epochMicros = UInt64(Date().timeIntervalSince1970 * 1e6)
        var connections: [TCPLoadConnection] = []
        for index in 0..<options.connections {
            let zoneIndex = (index / 2) % zones.count
            let zone = zones[zoneIndex]
            let side: Side = index % 2 == 0 ? .sell : .buy
            let username = "\(side == .sell ? "prosumer" : "consumer")-\(zone.name)"
            // Disjoint id ranges per connection: sessions of one user share its duplicate-id window.
            let configuration = ClientConfiguration(
                host: target.host, port: target.port, username: username, password: "demo", requestTimeoutMs: 10_000,
                sessionEventQueueCapacity: 1 << 20, keepsBookMirror: false, firstClientOrderId: epochMicros + UInt64(index) << 40)
            // Resting plus in flight stays under half the trader's limit (the rest is headroom for answers in flight).
            let cap = max(10, min(1_000, zone.limits.openOrdersPerTraderMax / sessionsPerUser / 2))
            let market = TCPConnectionBook.Market(
                zone: UInt16(zoneIndex), side: side, midMicros: 250_000, tickMicros: zone.priceRules.tickMicrosPerKWh,
                intervalStarts: intervalStarts, restingCap: cap)
            let connection = try await TCPLoadConnection.connect(index: index, username: username, configuration: configuration, market: market)
            // With wallets, buyers are topped up to the balance cap so the measurement is of the
            // order path with money, not of traders running out of it (escrow only settles later).
            if target.market.wallets != nil && side == .buy {
                let balance = try await connection.client.balance()
                let room = WalletRules.balanceMicrosMax - balance.availableMicros - balance.reservedMicros
                if room > 1_000_000 {
                    _ = try await connection.client.deposit(amountMicros: room - 1_000_000, requestId: epochMicros + UInt64(index))
                }
            }
            connections.append(connection)
        }
        return connections
    }

    static func summary(_ options: Options, target: TCPTarget, scenarioName: String, connections: [TCPLoadConnection],
                        sentTotal: Int, sender: (measuredSent: Int, lastMeasuredSendNs: UInt64), measureStartNs: UInt64,
                        journaled: UInt64?) -> Result {
        var histogram = LatencyHistogram()
        var answered = 0, unanswered = 0, accepted = 0, cancels = 0, replaces = 0, fills = 0, converted = 0
        var rejects: [String: Int] = [:]
        var errors: [String: Int] = [:]
        for connection in connections {
            connection.state.book.withLock { book in
                histogram.merge(book.ledger.histogram)
                answered += book.ledger.answered
                unanswered += book.ledger.outstandingCount
                accepted += book.accepted
                cancels += book.cancelsAnswered
                replaces += book.replacesAnswered
                fills += book.fills
                converted += book.converted
                rejects.merge(book.rejects, uniquingKeysWith: +)
                for (reason, count) in book.protocolRejects { errors["protocol_reject: \(reason)", default: 0] += count }
                errors.merge(book.connectionEvents, uniquingKeysWith: +)
            }
            errors.merge(connection.state.sendErrors.withLock { $0 }, uniquingKeysWith: +)
        }
        let window = max(options.seconds, sender.lastMeasuredSendNs > measureStartNs
            ? Double(sender.lastMeasuredSendNs - measureStartNs) / 1e9 + 1 / options.rate : 0)
        let achieved = Double(sender.measuredSent) / window

        var line = JSONLine()
        line.add("scenario", scenarioName)
        line.add("server", target.description)
        line.add("connections", options.connections)
        line.add("users", Set(connections.map(\.username)).count)
        line.add("mix", options.mix.description)
        line.add("seed", options.seed)
        line.add("target_rate_per_s", options.rate, decimals: 1)
        line.add("achieved_rate_per_s", achieved, decimals: 1)
        line.add("seconds", options.seconds, decimals: 2)
        line.add("warmup_seconds", options.warmupSeconds, decimals: 2)
        // Durably acknowledged requests per second: the send rate, less what went unanswered.
        line.add("rate_per_s", sentTotal > 0 ? achieved * Double(answered) / Double(sentTotal) : 0, decimals: 1)
        line.add("sent", sentTotal)
        line.add("answered", answered)
        line.add("unanswered", unanswered)
        line.add("timed", Int(histogram.total))
        line.add("accepted", accepted)
        line.add("rejected", rejects.values.reduce(0, +))
        line.add("cancelled", cancels)
        line.add("replaced", replaces)
        line.add("fills", fills)
        line.add("converted_slots", converted)
        line.add("rejects", counts: rejects)
        line.add("errors", counts: errors)
        line.add(latencyMicroseconds: histogram)
        // Every first answer is sent only once the journal has made the request durable (spec,
        // order entry), so answers are durable acknowledgements.
        line.add("durable_acks", answered)
        if let journaled { line.add("server_journaled_commands", journaled) }
        let measurement = SweepMeasurement(targetRate: options.rate, achievedRate: achieved,
                                           p99Ns: histogram.value(atPercentile: 99), unanswered: unanswered)
        return Result(line: line, measurement: measurement)
    }

    /// Sleeps on CLOCK_MONOTONIC until an absolute time: no drift from computing relative waits.
    static func sleepUntil(_ ns: UInt64) {
        var spec = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &spec, nil) == EINTR {}
    }
}
