import Foundation
import GreenGridDomain
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridCLIKit

/// `alert set|list|delete|inbox|watch` against an in-process exchange whose pricing (and so alert
/// evaluation) runs every 100 ms.
@Suite struct AlertCommandTests {
    /// Runs `alert inbox --json` as `user` until `done` holds for its answer, or returns the last one after ~8 s.
    static func inbox(_ server: ExchangeServer, as user: String, _ arguments: [String] = [],
                      until done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(8)
        while true {
            let run = await greengrid(server, as: user, ["alert", "inbox"] + arguments + ["--json"])
            #expect(run.code == .ok, "\(run)")
            let object = try run.json()
            if done(object) || ContinuousClock.now >= deadline { return object }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func notifications(_ object: [String: Any]) -> [[String: Any]] {
        object["notifications"] as? [[String: Any]] ?? []
    }

    @Test func tradeCrossesAReferenceAlert() async throws {
        try await withDemoServer("greengrid-cli-alert", configure: { $0.pricingIntervalMs = 100 }) { server in
            let interval = openInterval()
            let startMs = try UTCTime.parse(interval)

            // A consumer asks to hear when hillside's (trade-based) reference price reaches 0.15.
            let set = await greengrid(server, as: "consumer-hillside",
                                      ["alert", "set", "hillside", "reference", "above", "0.15", "--interval", interval, "--json"])
            #expect(set.code == .ok, "\(set)")
            let setObject = try set.json()
            let alertId = try #require(setObject["alertId"] as? Int, "\(set)")
            #expect(setObject["command"] as? String == "alert set")
            #expect(setObject["name"] as? String == "hillside" && setObject["zone"] as? Int == 1, "\(setObject)")
            #expect(setObject["intervalStartMs"] as? Int == Int(startMs))
            #expect(setObject["metric"] as? String == "reference" && setObject["direction"] as? String == "above")
            #expect(setObject["thresholdMicrosPerKWh"] as? Int == 150_000 && setObject["rearmMicrosPerKWh"] as? Int == 0)

            // Armed, nothing in the inbox yet.
            let before = await greengrid(server, as: "consumer-hillside", ["alert", "list", "--json"])
            #expect(before.code == .ok, "\(before)")
            let armed = try #require((try before.json())["alerts"] as? [[String: Any]])
            #expect(armed.count == 1 && armed.first?["triggered"] as? Bool == false, "\(before)")
            #expect(armed.first?["triggeredPriceMicrosPerKWh"] is NSNull, "\(before)")
            let empty = try await Self.inbox(server, as: "consumer-hillside") { _ in true }
            #expect(Self.notifications(empty).isEmpty && empty["lastSequence"] as? Int == 0, "\(empty)")

            // A trade at 0.16 in that interval: the reference price becomes 0.16, above 0.15.
            let sell = await greengrid(server, as: "prosumer-hillside", ["order", "place", "sell", "1kWh", "0.16", "--interval", interval])
            #expect(sell.code == .ok, "\(sell)")
            let buy = await greengrid(server, as: "consumer-hillside", ["order", "place", "buy", "1kWh", "0.16", "--interval", interval])
            #expect(buy.code == .ok, "\(buy)")

            let inbox = try await Self.inbox(server, as: "consumer-hillside") { !Self.notifications($0).isEmpty }
            let notifications = Self.notifications(inbox)
            #expect(notifications.count == 1, "one crossing, one notification: \(inbox)")
            let notification = try #require(notifications.first, "\(inbox)")
            #expect(notification["sequence"] as? Int == 1)
            #expect(notification["alertId"] as? Int == alertId)
            #expect(notification["priceMicrosPerKWh"] as? Int == 160_000, "\(notification)")
            #expect(notification["thresholdMicrosPerKWh"] as? Int == 150_000)
            #expect(notification["intervalStartMs"] as? Int == Int(startMs))
            #expect(notification["name"] as? String == "hillside" && notification["metric"] as? String == "reference")
            #expect(inbox["lastSequence"] as? Int == 1)

            // Another round or two: still one notification (the alert stays triggered at 0.16).
            try await Task.sleep(for: .milliseconds(300))
            let later = try await Self.inbox(server, as: "consumer-hillside") { _ in true }
            #expect(Self.notifications(later).count == 1, "\(later)")
            // After sequence 1 there is nothing.
            let after = try await Self.inbox(server, as: "consumer-hillside", ["--after", "1"]) { _ in true }
            #expect(Self.notifications(after).isEmpty && after["lastSequence"] as? Int == 1, "\(after)")

            // The text form.
            let text = await greengrid(server, as: "consumer-hillside", ["alert", "inbox"])
            #expect(text.code == .ok && text.out.hasPrefix("#1 alert \(alertId): hillside \(interval) reference 0.1600/kWh, above 0.1500"), "\(text)")

            // The list shows it triggered at 0.16.
            let listed = await greengrid(server, as: "consumer-hillside", ["alert", "list", "--json"])
            #expect(listed.code == .ok, "\(listed)")
            let alerts = try #require((try listed.json())["alerts"] as? [[String: Any]])
            #expect(alerts.count == 1, "\(listed)")
            #expect(alerts.first?["alertId"] as? Int == alertId)
            #expect(alerts.first?["triggered"] as? Bool == true, "\(listed)")
            #expect(alerts.first?["triggeredPriceMicrosPerKWh"] as? Int == 160_000, "\(listed)")
            let table = await greengrid(server, as: "consumer-hillside", ["alert", "list"])
            #expect(table.code == .ok && table.out.contains("triggered at 0.1600"), "\(table)")

            // Someone else may not delete it; its owner may, once.
            let stranger = await greengrid(server, as: "prosumer-hillside", ["alert", "delete", String(alertId), "--json"])
            #expect(stranger.code == .refused, "\(stranger)")
            #expect(((try stranger.json())["refused"] as? [String: Any])?["reason"] as? String == "notOwner", "\(stranger)")
            let deleted = await greengrid(server, as: "consumer-hillside", ["alert", "delete", String(alertId)])
            #expect(deleted.code == .ok && deleted.out == "deleted: alert \(alertId)\n", "\(deleted)")
            let none = await greengrid(server, as: "consumer-hillside", ["alert", "list"])
            #expect(none.code == .ok && none.out == "no alerts\n", "\(none)")
            let again = await greengrid(server, as: "consumer-hillside", ["alert", "delete", String(alertId)])
            #expect(again.code == .refused, "\(again)")
            #expect(again.error.contains("refused") && again.error.contains("unknownAlert (30)"), "\(again)")
            let unknown = await greengrid(server, as: "consumer-hillside", ["alert", "delete", "987654", "--json"])
            #expect(unknown.code == .refused, "\(unknown)")
            let refused = try #require((try unknown.json())["refused"] as? [String: Any], "\(unknown)")
            #expect(refused["reason"] as? String == "unknownAlert" && refused["code"] as? Int == 30, "\(unknown)")

            // The notification outlives its alert.
            let kept = try await Self.inbox(server, as: "consumer-hillside") { _ in true }
            #expect(Self.notifications(kept).count == 1, "\(kept)")
        }
    }

    @Test func watchPrintsPushedNotifications() async throws {
        try await withDemoServer("greengrid-cli-alert-watch", configure: { $0.pricingIntervalMs = 100 }) { server in
            let interval = openInterval()
            // The best bid of hillside's front interval at or above 0.10.
            let set = await greengrid(server, as: "consumer-hillside", ["alert", "set", "hillside", "bid", "above", "0.10", "--json"])
            #expect(set.code == .ok, "\(set)")
            #expect((try set.json())["interval"] as? String == "front", "\(set)")

            let captured = CapturedOutput()
            let arguments = ["alert", "watch", "--seconds", "4", "--json", "--port", String(server.port), "--user", "consumer-hillside",
                             "--password", DemoUsers.traderPassword]
            let watcher = Task { await GreenGridCLI.run(arguments, environment: [:], console: captured.console, nowMs: { WallClock.nowMs() }) }
            try await waitUntil("the watch to start") { captured.error.contains("watching") }

            let buy = await greengrid(server, as: "consumer-hillside", ["order", "place", "buy", "1kWh", "0.12", "--interval", interval])
            #expect(buy.code == .ok, "\(buy)")
            try await waitUntil(timeoutMs: 3_500, "a pushed notification") { captured.out.contains("\"alert watch\"") }
            let code = await watcher.value
            #expect(code == .ok, "\(captured.error)")
            let lines = captured.out.split(separator: "\n")
            #expect(lines.count == 1, "\(captured.out)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            #expect(object["command"] as? String == "alert watch")
            #expect(object["sequence"] as? Int == 1 && object["metric"] as? String == "bestBid", "\(object)")
            #expect(object["priceMicrosPerKWh"] as? Int == 120_000, "\(object)")
            #expect(object["intervalStartMs"] as? Int == Int(try UTCTime.parse(interval)), "the front interval: the only one with a bid")
        }
    }

    @Test func usageErrorsSendNothing() async {
        let metric = await greengrid(["alert", "set", "hillside", "median", "above", "0.15"])
        #expect(metric.code == .usage && metric.error.contains("reference, bid or ask"), "\(metric)")
        let direction = await greengrid(["alert", "set", "hillside", "bid", "sideways", "0.15"])
        #expect(direction.code == .usage, "\(direction)")
        let price = await greengrid(["alert", "set", "hillside", "bid", "above", "0.1234567"])
        #expect(price.code == .usage, "\(price)")
        let id = await greengrid(["alert", "delete", "seven"])
        #expect(id.code == .usage, "\(id)")
        let max = await greengrid(["alert", "inbox", "--max", "101"])
        #expect(max.code == .usage, "\(max)")
        let help = await greengrid(["alert", "set", "--help"])
        #expect(help.code == .ok && help.out.contains("--rearm"), "\(help)")
    }
}
