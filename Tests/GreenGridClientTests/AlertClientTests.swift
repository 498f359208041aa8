import Foundation
import GreenGridAlerts
import GreenGridDomain
import GreenGridProtocol
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridClient

/// Price alerts over TCP: set, crossed by a trade, one notification pushed and kept in the
/// inbox, listed as triggered, deleted; and everything back after a restart.
@Suite("Client alerts", .serialized)
struct AlertClientTests {
    static func configuration() -> ExchangeServer.Configuration {
        var configuration = ExchangeServer.Configuration()
        configuration.port = 0
        configuration.log = ServerLog(enabled: false)
        configuration.pricingIntervalMs = 100
        return configuration
    }

    @Test("a trade above the threshold pushes one notification, kept in the inbox; the alert survives a restart")
    func crossingAndRestart() async throws {
        let directory = temporaryPath("greengrid-alerts")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pushed = HandlerInbox<Message.Notification>()
        let interval = openIntervalStartMs()
        var alertId: UInt64 = 0

        let first = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: Self.configuration())
        do {
            let watcher = try await connect(first, "consumer-hillside") { $0.notificationHandler = { pushed.add($0) } }
            alertId = try await watcher.setAlert(zone: 1, intervalStartMs: interval, metric: .reference, direction: .above,
                                                 thresholdMicrosPerKWh: 150_000, rearmMicrosPerKWh: 5_000)
            #expect(alertId > 0)
            do {
                _ = try await watcher.setAlert(zone: 9, metric: .reference, direction: .above, thresholdMicrosPerKWh: 1)
                Issue.record("an unknown zone is refused")
            } catch { #expect(error == .alertRejected(reason: .unknownZone, request: .alertSet)) }

            // Hillside prices by its trades: one at 0.16 moves the reference above 0.15.
            let seller = try await connect(first, "prosumer-hillside")
            #expect(try await seller.place(order(.sell, interval: interval, zone: 1, quantityWh: 1_000, price: 160_000)).isSuccess)
            #expect(try await watcher.place(order(.buy, interval: interval, zone: 1, quantityWh: 1_000, price: 160_000)).isSuccess)
            let deadline = Date().addingTimeInterval(5)
            while pushed.all.isEmpty, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
            // Several more rounds with the price still above: no second notification.
            try await Task.sleep(nanoseconds: 400_000_000)
            let notifications = pushed.all
            #expect(notifications.count == 1)
            let notification = try #require(notifications.first)
            #expect(notification.alertId == alertId)
            #expect(notification.priceMicrosPerKWh == 160_000)
            #expect(notification.sequence == 1)
            #expect(notification.intervalStartMs == interval)

            let inbox = try await watcher.inbox()
            #expect(inbox.notifications.map(\.sequence) == [1])
            #expect(inbox.lastSequence == 1)
            let listed = try await watcher.alerts()
            #expect(listed.map(\.alertId) == [alertId])
            #expect(listed.first?.triggered?.priceMicrosPerKWh == 160_000)
            // Another user sees neither the alert nor the notification, and cannot delete it.
            let other = try await connect(first, "consumer-harbour")
            #expect(try await other.alerts().isEmpty)
            #expect(try await other.inbox().notifications.isEmpty)
            do {
                try await other.deleteAlert(id: alertId)
                Issue.record("only the owner deletes")
            } catch { #expect(error == .alertRejected(reason: .notOwner, request: .alertDelete)) }
            for client in [watcher, seller, other] { await client.logout() }
        }
        try await first.stop()

        let second = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: Self.configuration())
        let again = try await connect(second, "consumer-hillside")
        let listed = try await again.alerts()
        #expect(listed.map(\.alertId) == [alertId])
        #expect(listed.first?.triggered?.priceMicrosPerKWh == 160_000, "the alert is still fired, not re-armed")
        #expect(try await again.inbox().notifications.map(\.priceMicrosPerKWh) == [160_000])
        try await again.deleteAlert(id: alertId)
        #expect(try await again.alerts().isEmpty)
        #expect(try await again.inbox().notifications.count == 1, "deleting an alert keeps its notifications")
        await again.logout()
        try await second.stop()
    }
}
