import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridEngine
import GreenGridLoadKit
import GreenGridServer
import GreenGridSimulation
import Synchronization

/// `greengrid-load crash-loop`: a real `greengrid-server` under mixed traffic (orders, some of
/// them trading, cancels, deposits, meter readings, a market-data subscriber), killed with
/// SIGKILL at a random moment `--kills` times and restarted on the same journal and port. After
/// each kill, before the restart, the journal is checked offline (`CrashReplay`: chains, the
/// recovered state equals a replay from scratch, invariants, the ledger's zero sum); after the
/// restart the server is asked: every acknowledged operation is there exactly once, the one in
/// flight whole or not at all (`CrashTrader`, `CrashMeters`), and the resuming subscriber's
/// stream is exactly the journal's public events (`CrashSubscriber`). The kill moments come from
/// `--seed` and are printed, so a failing run can be repeated.
enum CrashLoopScenario {
    struct Options {
        var kills = 5
        var seed: UInt64 = 1
        var lifeMsMin = 150
        var lifeMsMax = 2_000
        var meters = 128
        var progress = true
        var keep = false
        /// Stop killing once this much time has passed (the run then ends as after the last kill).
        var secondsMax: Double?
        /// The server snapshots after this many commands, so kills meet snapshots and recovery
        /// from one is compared with the replay from scratch.
        var snapshotEveryCommands = 2_000
    }

    static let tradedZones: [UInt16] = [0, 1]

    static func run(_ options: Options) async throws -> JSONLine {
        let began = Date()
        var configuration = try ConfigurationLoader.demo()
        for zone in configuration.zones.indices { configuration.zones[zone].limits.openOrdersPerTraderMax = 4_000 }
        let market = try configuration.market()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("greengrid-crash-\(UUID().uuidString)").path
        let server = try CrashServer(root: root, market: configuration, snapshotEveryCommands: options.snapshotEveryCommands)
        var random = SplitMix64(seed: options.seed)
        func log(_ text: String) { if options.progress { MetersScenario.log("crash-loop: " + text) } }
        log("seed \(options.seed), \(options.kills) kills, journal \(server.journal)")

        try server.start()
        func client(_ username: String, _ password: String) async throws -> GreenGridClient {
            try await GreenGridClient.connect(ClientConfiguration(
                port: server.port, username: username, password: password, heartbeatIntervalMs: 1_000, requestTimeoutMs: 10_000,
                deliversSessionEvents: false, keepsBookMirror: false, reconnect: .never))
        }
        let meters = CrashMeters(market: market, count: options.meters, batchSize: 32, pauseMs: 25, seed: random.next())
        let admin = try await client("admin", DemoUsers.adminPassword)
        try await meters.register(with: admin)
        await admin.logout()
        let subscriber = CrashSubscriber(zones: tradedZones)
        try await subscriber.connect(port: server.port, username: DemoUsers.operatorUsername, password: DemoUsers.traderPassword)

        let firstInterval = (WallClock.nowMs() / DeliveryInterval.lengthMs + 16) * DeliveryInterval.lengthMs
        let intervals = [firstInterval, firstInterval + DeliveryInterval.lengthMs]
        let accounts = DemoUsers.accounts(market: market)
        let traders: [CrashTrader] = tradedZones.flatMap { zone in
            accounts.filter { Int($0.participant.zone) == Int(zone) && $0.participant.role.mayTrade }.map { account in
                CrashTrader(username: account.username, traderId: account.participant.traderId, zone: zone,
                            side: account.participant.role == .prosumer ? .sell : .buy, intervalStarts: intervals, seed: random.next())
            }
        }

        var figures = CrashFigures()
        do {
            for life in 0...options.kills {
                let last = life == options.kills || options.secondsMax.map { Date().timeIntervalSince(began) >= $0 } == true
                if life > 0 {
                    // Settle the previous life: the server just restarted on its journal.
                    let replay = figures.lastReplay!
                    for trader in traders {
                        let connection = try await client(trader.username, DemoUsers.traderPassword)
                        try await trader.verify(connection, replay: replay)
                        await connection.logout()
                    }
                    let gateway = try await client(DemoUsers.gatewayUsername, DemoUsers.traderPassword)
                    try await meters.verify(gateway, replay: replay, sample: last ? nil : 16)
                    await gateway.logout()
                    figures.marketDataChecked = try await subscriber.verify(replay: replay)
                }
                if last { break }

                // A life: everyone trades until the kill.
                let lifeMs = options.lifeMsMin + random.below(max(1, options.lifeMsMax - options.lifeMsMin + 1))
                let stopped = Atomic<Bool>(false)
                var byUser: [String: GreenGridClient] = [:]
                for username in traders.map(\.username) + [DemoUsers.gatewayUsername] {
                    byUser[username] = try await client(username, DemoUsers.traderPassword)
                }
                let connections = Array(byUser.values)
                let clients = byUser
                let stop: @Sendable () -> Bool = { stopped.load(ordering: .relaxed) }
                let workers = Task {
                    await withTaskGroup(of: Void.self) { group in
                        for trader in traders { group.addTask { await trader.run(clients[trader.username]!, stop: stop) } }
                        group.addTask { await meters.run(clients[DemoUsers.gatewayUsername]!, stop: stop) }
                    }
                }
                try await Task.sleep(nanoseconds: UInt64(lifeMs) * 1_000_000)
                server.kill9()
                stopped.store(true, ordering: .relaxed)
                await workers.value
                for connection in connections { connection.close() }
                if let error = meters.state.withLock({ $0.streamError }) { throw CrashViolation(error) }

                // Dead: check the journal as it was left, then restart on it.
                let replay = try CrashReplay.run(journal: server.journal, market: market, zones: Set(tradedZones.map(Int32.init)))
                figures.lastReplay = replay
                figures.tornTails += replay.tornTail ? 1 : 0
                figures.snapshotRecoveries += replay.snapshotSequence > 0 ? 1 : 0
                let recoveryMs = try server.start()
                figures.recoveryMsMax = max(figures.recoveryMsMax, recoveryMs)
                figures.kills += 1
                let counts = traders.map { $0.state.withLock { $0.counts } }.reduce(CrashCounts(), +)
                log("kill \(life + 1)/\(options.kills) after \(lifeMs) ms: journal at \(replay.lastSequence) (hash \(String(replay.stateHash, radix: 16))), "
                    + "restarted in \(recoveryMs) ms; acked so far \(counts.orders) orders, \(counts.cancels) cancels, \(counts.deposits) deposits, "
                    + "\(meters.state.withLock { $0.readingsAcked }) readings")
            }
        } catch {
            server.kill9()
            await subscriber.close()
            throw CrashLoopFailure(description: "\(error)\n  (seed \(options.seed); the journal is kept in \(server.journal))")
        }
        await subscriber.close()
        guard server.stop() else { throw CrashLoopFailure(description: "the server did not stop cleanly at the end (journal in \(server.journal))") }
        // After the clean stop (a snapshot): recovery from it must still equal the replay from scratch.
        let final = try CrashReplay.run(journal: server.journal, market: market, zones: Set(tradedZones.map(Int32.init)))
        let verify = try journalToolVerify(server.journal)
        if !options.keep { try? FileManager.default.removeItem(atPath: root) }

        let counts = traders.map { $0.state.withLock { $0.counts } }.reduce(CrashCounts(), +)
        let meterState = meters.state.withLock { $0 }
        let feed = subscriber.state.withLock { $0 }
        var line = JSONLine()
        line.add("scenario", "crash-loop")
        line.add("seed", Int(truncatingIfNeeded: options.seed))
        line.add("kills", figures.kills)
        line.add("crash_points_survived", figures.kills)
        line.add("acked_orders", counts.orders)
        line.add("acked_cancels", counts.cancels)
        line.add("acked_deposits", counts.deposits)
        line.add("acked_readings", meterState.readingsAcked)
        line.add("order_checks", counts.ordersChecked)
        line.add("cancel_checks", counts.cancelsChecked)
        line.add("deposit_checks", counts.depositsChecked)
        line.add("reading_checks", meterState.readingsChecked)
        line.add("readings_once_in_journal", meterState.readingsInJournal)
        line.add("reading_resends_beyond_window", meterState.readingsBeyondWindow)
        line.add("unacked_found_applied", counts.pendingApplied + meterState.pendingWhole)
        line.add("unacked_found_absent", counts.pendingAbsent + meterState.pendingAbsent)
        line.add("market_data_updates_checked", figures.marketDataChecked)
        line.add("market_data_resnapshots", feed.zones.values.map(\.resnapshots).reduce(0, +))
        line.add("market_data_recoveries", feed.recoveries)
        line.add("torn_tails", figures.tornTails)
        line.add("journal_records", final.records)
        line.add("snapshots_recovered_from", figures.snapshotRecoveries)
        line.add("final_recovered_from_snapshot", final.snapshotSequence)
        line.add("journal_verify", verify)
        line.add("recovery_ms_max", figures.recoveryMsMax)
        line.add("readings_exhausted", meterState.exhausted)
        line.add("failures", 0)
        line.add("elapsed_s", Date().timeIntervalSince(began), decimals: 1)
        return line
    }

    /// `greengrid-journal verify` (built next to this executable) on the final journal: its verdict line, or "not built".
    static func journalToolVerify(_ journal: String) throws -> String {
        let me = URL(fileURLWithPath: ServerProcess.siblingExecutable()).deletingLastPathComponent()
        let tool = me.appendingPathComponent("greengrid-journal").path
        guard FileManager.default.isExecutableFile(atPath: tool) else { return "not built" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["verify", journal]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CrashLoopFailure(description: "greengrid-journal verify failed: \(text)") }
        return String(text.prefix { $0 != "," })
    }
}

/// Figures kept across lives.
struct CrashFigures {
    var kills = 0
    var tornTails = 0
    /// Kills after which recovery started from a snapshot (compared with the replay from scratch).
    var snapshotRecoveries = 0
    var recoveryMsMax: Int64 = 0
    var marketDataChecked = 0
    var lastReplay: CrashReplay?
}

struct CrashLoopFailure: Error, CustomStringConvertible {
    var description: String
}
