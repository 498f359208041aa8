import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridClient

@Suite("Client queries", .serialized)
struct ClientQueryTests {
    @Test("openOrders lists what rests after the requests before it; zones lists every zone with a halt just sent")
    func queries() async throws {
        try await withServer { server in
            let trader = try await connect(server, "prosumer-harbour")
            let interval = openIntervalStartMs()
            #expect(try await trader.openOrders().isEmpty)
            let placed = try await trader.place(order(.sell, interval: interval, zone: 0))
            guard case .accepted(let accepted) = placed else {
                Issue.record("expected OrderAccepted, got \(placed)")
                return
            }
            let orders = try await trader.openOrders()
            #expect(orders.map(\.orderId) == [accepted.orderId])
            #expect(orders.first?.remainingWh == accepted.quantityWh)
            #expect(try await trader.openOrders(zone: 1).isEmpty)
            await #expect(throws: ClientError.self) { _ = try await trader.openOrders(zone: 500) }

            let admin = try await connect(server, "admin", password: adminPassword)
            _ = try await admin.haltZone(2, cancelResting: false)
            let zones = try await admin.zones()
            #expect(zones.map(\.zone) == Array(0..<UInt16(zones.count)))
            #expect(zones.count == server.market.zones.count)
            #expect(zones.map(\.status) == zones.indices.map { $0 == 2 ? .halted : .open })
            #expect(zones.map(\.name) == server.market.zones.map(\.name))
            await trader.logout()
            await admin.logout()
        }
    }
}
