import Foundation
import GreenGridDomain
import GreenGridMeterGateway
import GreenGridMetering
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridClient

/// The simulated gateway against a real server: its fleet registers, its history streams in
/// accelerated time, every reading is accepted, and settlement's input holds each owner's energy.
@Suite("Meter gateway", .serialized)
struct MeterGatewayTests {
    @Test("a simulated fleet streams 40 minutes of history: every reading accepted, each owner metered per interval")
    func streamsHistory() async throws {
        try await withServer { server in
            let owners = [GatewayFleet.Owner(traderId: 2, zone: 0, producer: true), GatewayFleet.Owner(traderId: 3, zone: 0, producer: false)]
            var options = GatewayFleet.Options()
            options.prosumersPerOwner = 4
            options.householdsPerOwner = 5
            options.businessesPerOwner = 1
            options.parks = false
            let fleet = GatewayFleet(owners: owners, options: options)
            #expect(fleet.meters.count == 10)
            let gatewayId = DemoUsers.gatewayId(market: server.market)
            let registrar = try await connect(server, DemoUsers.operatorUsername)
            try await GatewayStreamer.register(fleet.registrations(gatewayId: gatewayId), with: registrar)
            // A rerun registers nothing twice and does not fail.
            try await GatewayStreamer.register(fleet.registrations(gatewayId: gatewayId), with: registrar)
            await registrar.logout()

            let gateway = try await connect(server, DemoUsers.gatewayUsername)
            let streamer = GatewayStreamer(gateway: gateway, fleet: fleet)
            let nowMs = WallClock.nowMs()
            let fromMs = DeliveryInterval.start(containing: nowMs) - 2 * DeliveryInterval.lengthMs - 10 * 60_000
            try await streamer.run(fromMs: fromMs, untilMs: nowMs - 60_000, stepMs: 60_000, speed: 100_000)
            await gateway.logout()
            let tally = streamer.counts
            #expect(tally.rejected == 0, "\(tally.summary)")
            #expect(tally.readings == 10 * Int((nowMs - 60_000 - fromMs) / 60_000 + 1))

            let interval = DeliveryInterval.start(containing: nowMs) - 2 * DeliveryInterval.lengthMs
            let readings = await server.metering.intervalReadings(intervalStartMs: interval)
            #expect(readings.map(\.traderId) == [2, 3])
            #expect(readings[1].importWh > 0, "households draw from the grid in every interval")
            #expect(readings[1].exportWh == 0, "households and businesses feed nothing in")
        }
    }
}
