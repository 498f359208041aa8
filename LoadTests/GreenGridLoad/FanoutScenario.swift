import Foundation
import GreenGridLoadKit
import Synchronization

/// The market-data fan-out scenario: trades at a constant open-loop rate in one zone, N
/// subscribers on their own sessions, and per (subscriber, trade) the time from the trade's
/// intended moment to its print arriving, plus an account of every print missing, repeated or
/// out of order. It answers "every trade fanned out to N subscribers within p99 ≤ X, no gaps".
enum FanoutScenario {
    struct Options: Sendable {
        var subscribers = 200
        var tradesPerSecond = 200.0
        var seconds = 10.0
        var warmupSeconds = 1.0
        var zone: UInt16 = 0
        /// How long to wait after the last trade for prints still on their way.
        var drainSeconds = 10.0
        var progress = true
        /// Subscribers on one shared reader thread instead of one client library connection each.
        var sharedReader = false
    }

    static func run(_ options: Options, target: TCPTarget) async throws -> JSONLine {
        guard Int(options.zone) < target.market.zones.count else { throw ScenarioError("--zone \(options.zone) is not a zone of the market") }
        let key = FanoutTradeKey()
        let subscribers: [FanoutSubscriber]
        var shared: FanoutSharedReader?
        if options.sharedReader {
            (subscribers, shared) = try FanoutSharedReader.connect(count: options.subscribers, target: target, zone: options.zone, key: key)
        } else {
            subscribers = try await FanoutSubscriber.connect(count: options.subscribers, target: target, zone: options.zone, key: key)
        }
        let plannedTrades = Int(((options.warmupSeconds + options.seconds) * options.tradesPerSecond).rounded(.up))
        let traders = try await FanoutTraders.connect(target: target, zone: options.zone, key: key, trades: plannedTrades)
        // Every snapshot in before trade 0, so a missing print is a gap, not a late subscription.
        let snapshotDeadline = monotonicNanoseconds() + 30_000_000_000
        while !subscribers.allSatisfy({ $0.state.tally.withLock { $0.snapshotComplete } }) {
            guard monotonicNanoseconds() < snapshotDeadline else { throw ScenarioError("subscribers' snapshots did not complete in 30 s") }
            try await Task.sleep(for: .milliseconds(10))
        }

        let schedule = FanoutSchedule(startNs: monotonicNanoseconds() + 50_000_000, ratePerSecond: options.tradesPerSecond,
                                      warmupSeconds: options.warmupSeconds, seconds: options.seconds)
        guard schedule.trades < key.window / 2 else { throw ScenarioError("at most \(key.window / 2) trades per run (rate × seconds)") }
        for subscriber in subscribers { subscriber.state.tally.withLock { $0.start(schedule) } }
        let sent = Atomic<Int>(0)
        let senderDone = Atomic<Bool>(false)
        let lastSendNs = Atomic<UInt64>(0)

        // Everything due at a wake-up goes in one write per trader: a late sender catches up in
        // bulk and the intended times still carry its delay.
        let sender = Thread {
            var k = 0
            while k < schedule.trades {
                let due = schedule.intendedNs(ofTrade: k)
                if monotonicNanoseconds() < due { TCPScenario.sleepUntil(due) }
                var end = k + 1
                let now = monotonicNanoseconds()
                while end < schedule.trades, schedule.intendedNs(ofTrade: end) <= now { end += 1 }
                traders.send(trades: k..<end)
                k = end
                sent.store(k, ordering: .relaxed)
            }
            lastSendNs.store(monotonicNanoseconds(), ordering: .relaxed)
            senderDone.store(true, ordering: .releasing)
        }
        sender.name = "greengrid-load-fanout-sender"
        sender.stackSize = 1 << 20
        sender.start()

        var nextReportNs = schedule.startNs + 1_000_000_000
        var drainDeadlineNs: UInt64 = .max
        var lastReceived = 0
        while true {
            try await Task.sleep(for: .milliseconds(20))
            let now = monotonicNanoseconds()
            let done = senderDone.load(ordering: .acquiring)
            if done && drainDeadlineNs == .max { drainDeadlineNs = now + UInt64(options.drainSeconds * 1e9) }
            if now >= nextReportNs {
                var recent = LatencyHistogram()
                var received = 0, recoveries = 0
                for subscriber in subscribers {
                    subscriber.state.tally.withLock { tally in
                        recent.merge(tally.takeRecent())
                        received += tally.received
                        recoveries += tally.recoveries
                    }
                }
                if options.progress {
                    let elapsed = Double(now - schedule.startNs) / 1e9
                    let phase = elapsed < options.warmupSeconds ? " (warm-up)" : done ? " (draining)" : ""
                    let p99 = recent.total > 0 ? "\((recent.value(atPercentile: 99) + 999) / 1000)us" : "-"
                    let trades = sent.load(ordering: .relaxed)
                    let text = "fanout: \(String(format: "%.0f", elapsed))s\(phase) trades=\(trades) prints=\(received)/\(trades * subscribers.count) rate=\(received - lastReceived)/s recoveries=\(recoveries) p99=\(p99)\n"
                    FileHandle.standardError.write(text.data(using: .utf8)!)
                }
                lastReceived = received
                nextReportNs += 1_000_000_000
            }
            if done {
                let trades = sent.load(ordering: .relaxed)
                let complete = subscribers.allSatisfy { $0.state.tally.withLock { $0.distinct } >= trades }
                if complete || now >= drainDeadlineNs { break }
            }
        }

        let line = summary(options, target: target, schedule: schedule, subscribers: subscribers, traders: traders,
                           sent: sent.load(ordering: .relaxed), lastSendNs: lastSendNs.load(ordering: .relaxed))
        await withTaskGroup(of: Void.self) { group in
            for subscriber in subscribers { group.addTask { await subscriber.finish() } }
        }
        shared?.stop()
        await traders.finish()
        return line
    }

    static func summary(_ options: Options, target: TCPTarget, schedule: FanoutSchedule, subscribers: [FanoutSubscriber],
                        traders: FanoutTraders, sent: Int, lastSendNs: UInt64) -> JSONLine {
        var histogram = LatencyHistogram()
        // From the trade itself: the first fill's arrival at its trader (the same delivery carries
        // the prints) to each subscriber's print; the pure fan-out, without order entry and journal.
        var fromTrade = LatencyHistogram()
        let fillTimes = traders.state.fillTimes.withLock { $0.ns }
        var received = 0, missing = 0, duplicates = 0, foreign = 0, outOfOrder = 0, recoveries = 0
        var errors = traders.state.problems.withLock { $0 }
        for subscriber in subscribers {
            subscriber.state.tally.withLock { tally in
                histogram.merge(tally.histogram)
                for k in schedule.firstMeasuredTrade..<min(tally.arrivals.count, fillTimes.count)
                where tally.arrivals[k] != 0 && fillTimes[k] != 0 {
                    fromTrade.record(tally.arrivals[k] > fillTimes[k] ? tally.arrivals[k] - fillTimes[k] : 0)
                }
                received += tally.received
                missing += tally.missing(sent: sent)
                duplicates += tally.duplicates
                foreign += tally.foreign
                outOfOrder += tally.outOfOrder
                recoveries += tally.recoveries
            }
            errors.merge(subscriber.state.streamErrors.withLock { $0 }, uniquingKeysWith: +)
        }
        let measuredStartNs = schedule.intendedNs(ofTrade: schedule.firstMeasuredTrade)
        let measured = max(0, sent - schedule.firstMeasuredTrade)
        let window = max(options.seconds, lastSendNs > measuredStartNs ? Double(lastSendNs - measuredStartNs) / 1e9 : 0)

        var line = JSONLine()
        line.add("scenario", "fanout")
        line.add("server", target.description)
        line.add("zone", Int(options.zone))
        line.add("subscribers", subscribers.count)
        line.add("subscriber_reader", options.sharedReader ? "shared thread" : "client library (a thread each)")
        line.add("users", Set(subscribers.map(\.username)).count)
        line.add("target_trades_per_s", options.tradesPerSecond, decimals: 1)
        line.add("achieved_trades_per_s", Double(measured) / window, decimals: 1)
        line.add("rate_per_s", Double(measured) / window, decimals: 1)
        line.add("seconds", options.seconds, decimals: 2)
        line.add("warmup_seconds", options.warmupSeconds, decimals: 2)
        line.add("trades_sent", sent)
        line.add("trades_filled", traders.state.fills.load(ordering: .relaxed) / 2)
        line.add("prints_expected", sent * subscribers.count)
        line.add("prints_received", received)
        line.add("missing", missing)
        line.add("duplicates", duplicates)
        line.add("out_of_order", outOfOrder)
        line.add("foreign_prints", foreign)
        line.add("recoveries", recoveries)
        // What a subscriber did not see exactly once and in order: zero is the requirement.
        line.add("gaps", missing + duplicates + outOfOrder + recoveries)
        line.add("errors", counts: errors)
        line.add("timed", Int(histogram.total))
        line.add(latencyMicroseconds: histogram)
        line.add("from_trade_p50_us", (fromTrade.value(atPercentile: 50) + 999) / 1000)
        line.add("from_trade_p90_us", (fromTrade.value(atPercentile: 90) + 999) / 1000)
        line.add("from_trade_p99_us", (fromTrade.value(atPercentile: 99) + 999) / 1000)
        line.add("from_trade_p999_us", (fromTrade.value(atPercentile: 99.9) + 999) / 1000)
        line.add("from_trade_max_us", (fromTrade.maxValue + 999) / 1000)
        return line
    }
}

struct ScenarioError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
