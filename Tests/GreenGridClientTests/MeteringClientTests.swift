import Foundation
import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridClient

/// Metering over TCP: registration by the grid operator, a gateway's batches acknowledged once
/// durable with one outcome per reading, idempotent resends, the live zone view, settlement's
/// input, forecasts, and the state surviving a restart.
@Suite("Client metering", .serialized)
struct MeteringClientTests {
    static let prosumer: TraderId = 2  // prosumer-harbour
    static let consumer: TraderId = 3  // consumer-harbour

    static func meters(gateway: TraderId) -> [Meter] {
        [
            Meter(meterId: 9_001, ownerId: prosumer, gatewayId: gateway, feederId: 0, zone: 0, kind: .solar, ratedPowerW: 10_000),
            Meter(meterId: 9_002, ownerId: consumer, gatewayId: gateway, feederId: 0, zone: 0, kind: .householdLoad, ratedPowerW: 20_000),
        ]
    }

    /// Readings a minute apart ending a few seconds ago: solar exporting 5 kW, the household importing 2 kW.
    static func readings(baseMs: Int64, steps: Int) -> [MeterReading] {
        (0..<steps).flatMap { step -> [MeterReading] in
            let t = baseMs + Int64(step) * 60_000
            return [
                MeterReading(meterId: 9_001, timestampMs: t, importWh: 10, exportWh: 50_000 + Int64(step) * 83, powerW: -5_000),
                MeterReading(meterId: 9_002, timestampMs: t, importWh: 7_000 + Int64(step) * 33, exportWh: 0, powerW: 2_000),
            ]
        }
    }

    static func registerDemoMeters(_ server: ExchangeServer) async throws -> TraderId {
        let gateway = DemoUsers.gatewayId(market: server.market)
        let operatorClient = try await connect(server, DemoUsers.operatorUsername)
        for meter in meters(gateway: gateway) {
            let registered = try await operatorClient.registerMeter(meter)
            #expect(registered.meterId == meter.meterId)
            #expect(registered.sequence > 0)
        }
        await operatorClient.logout()
        return gateway
    }

    @Test("registered meters take a gateway's batch; each reading gets its outcome; a resend is all duplicates")
    func batchOutcomes() async throws {
        try await withServer { server in
            _ = try await Self.registerDemoMeters(server)
            let gateway = try await connect(server, DemoUsers.gatewayUsername)
            let base = DeliveryInterval.start(containing: WallClock.nowMs()) - DeliveryInterval.lengthMs
            var batch = Self.readings(baseMs: base, steps: 10)
            batch.append(MeterReading(meterId: 4_242, timestampMs: base, importWh: 0, exportWh: 0))
            batch.append(MeterReading(meterId: 9_001, timestampMs: base + 600_000, importWh: 10, exportWh: 9_000_000))
            batch.append(MeterReading(meterId: 9_002, timestampMs: WallClock.nowMs() + 3_600_000, importWh: 9_000, exportWh: 0))
            let ack = try await gateway.submitReadings(batch)
            #expect(ack.outcomes.count == batch.count)
            #expect(ack.outcomes.prefix(20).allSatisfy { $0 == .accepted })
            #expect(ack.outcomes[20] == .rejected(.unknownMeter))
            #expect(ack.outcomes[21] == .rejected(.exportSpike))
            #expect(ack.outcomes[22] == .rejected(.timestampInFuture))
            #expect(ack.sequence > 0)

            let again = try await gateway.submitReadings(Array(batch.prefix(20)))
            #expect(again.outcomes.allSatisfy { $0 == .acceptedDuplicate })
            #expect(again.sequence > ack.sequence, "a resend is recorded too: the raw data is kept")
            await gateway.logout()
        }
    }

    @Test("only the meter's gateway may send its readings; only grid operators register; owners must be traders")
    func ownershipAndRoles() async throws {
        try await withServer { server in
            let gateway = try await Self.registerDemoMeters(server)
            let trader = try await connect(server, "prosumer-harbour")
            await #expect(throws: ClientError.self) {
                _ = try await trader.registerMeter(Self.meters(gateway: gateway)[0])
            }
            await trader.logout()

            let admin = try await connect(server, "admin", password: adminPassword)
            do throws(ClientError) {
                _ = try await admin.registerMeter(Meter(meterId: 1, ownerId: 1, gatewayId: gateway, feederId: 0, zone: 0, kind: .solar,
                                                        ratedPowerW: 1_000))
                Issue.record("an admin cannot own a meter")
            } catch { #expect(error == .meteringRejected(reason: .unknownOwner, request: .registerMeter)) }
            do throws(ClientError) {
                _ = try await admin.registerMeter(Self.meters(gateway: gateway)[0])
                Issue.record("a meter id registers once")
            } catch { #expect(error == .meteringRejected(reason: .duplicateMeterId, request: .registerMeter)) }
            do throws(ClientError) {
                _ = try await admin.registerMeter(Meter(meterId: 3, ownerId: Self.prosumer, gatewayId: gateway, feederId: 0, zone: 1,
                                                        kind: .solar, ratedPowerW: 1_000))
                Issue.record("a meter sits in its owner's zone")
            } catch { #expect(error == .meteringRejected(reason: .ownerZoneMismatch, request: .registerMeter)) }
            do throws(ClientError) {
                _ = try await admin.registerMeter(Meter(meterId: 2, ownerId: Self.prosumer, gatewayId: Self.consumer, feederId: 0, zone: 0,
                                                        kind: .solar, ratedPowerW: 1_000))
                Issue.record("the gateway must have the gateway role")
            } catch { #expect(error == .meteringRejected(reason: .unknownGateway, request: .registerMeter)) }
            // A second gateway user, created by the admin, may not speak for the first one's meters.
            _ = try await admin.createUser(username: "gateway-2", password: "pw-2", role: .gateway, iterations: 1_000)
            await admin.logout()
            let other = try await connect(server, "gateway-2", password: "pw-2")
            let ack = try await other.submitReadings(Self.readings(baseMs: WallClock.nowMs() - 60_000, steps: 1))
            #expect(ack.outcomes == [.rejected(.notYourMeter), .rejected(.notYourMeter)])
            await other.logout()
        }
    }

    @Test("subscribers see the zone's energy; settlement's input is each owner's interval energy; forecasts answer")
    func liveViewAndSettlementInput() async throws {
        let received = HandlerInbox<Message.ZoneEnergy>()
        try await withServer(configure: { $0.zoneEnergyIntervalMs = 100 }) { server in
            _ = try await Self.registerDemoMeters(server)
            let watcher = try await connect(server, "consumer-hillside") { $0.zoneEnergyHandler = { received.add($0) } }
            try watcher.subscribeZoneEnergy(zone: 0)
            let gateway = try await connect(server, DemoUsers.gatewayUsername)
            let base = DeliveryInterval.start(containing: WallClock.nowMs()) - DeliveryInterval.lengthMs
            _ = try await gateway.submitReadings(Self.readings(baseMs: base, steps: 16))
            let deadline = Date().addingTimeInterval(5)
            while received.last { $0.intervalStartMs == base } == nil, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
            let view = try #require(received.last { $0.intervalStartMs == base })
            #expect(view.zone == 0)
            #expect(view.exportWh == 1_245, "15 one-minute steps of 83 Wh from the solar meter inside the interval")
            #expect(view.importWh == 495)
            #expect(view.meters == 2)
            #expect(view.netSurplusWh == 750)

            let readings = await server.metering.intervalReadings(intervalStartMs: base)
            let expected: [IntervalReading] = [
                IntervalReading(traderId: Self.prosumer, intervalStartMs: base, exportWh: 1_245, importWh: 0),
                IntervalReading(traderId: Self.consumer, intervalStartMs: base, exportWh: 0, importWh: 495),
            ]
            #expect(readings == expected)

            let forecast = try await watcher.forecast(zone: 0, intervals: 8)
            #expect(forecast.productionWh.count == 8)
            #expect(forecast.firstIntervalStartMs % DeliveryInterval.lengthMs == 0)
            #expect(forecast.productionWh.allSatisfy { $0 >= 0 })
            do throws(ClientError) {
                _ = try await watcher.forecast(zone: 0, meterId: 9_001, intervals: 4)
                Issue.record("a meter's forecast is its owner's")
            } catch { #expect(error == .meteringRejected(reason: .notYourMeter, request: .forecastRequest)) }
            do throws(ClientError) {
                _ = try await watcher.forecast(zone: 0, intervals: 193)
                Issue.record("at most 192 intervals")
            } catch { #expect(error == .meteringRejected(reason: .invalidRequest, request: .forecastRequest)) }
            await gateway.logout()
            await watcher.logout()
        }
    }

    @Test("after a restart the registry and every meter's series are back: a resend is all duplicates, the energy unchanged")
    func survivesRestart() async throws {
        let directory = temporaryPath("greengrid-metering-restart")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = ExchangeServer.Configuration()
        configuration.port = 0
        configuration.log = ServerLog(enabled: false)
        let base = DeliveryInterval.start(containing: WallClock.nowMs()) - DeliveryInterval.lengthMs
        let batch = Self.readings(baseMs: base, steps: 16)

        let first = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: configuration)
        _ = try await Self.registerDemoMeters(first)
        let gateway = try await connect(first, DemoUsers.gatewayUsername)
        #expect(try await gateway.submitReadings(batch).outcomes.allSatisfy { $0 == .accepted })
        await gateway.logout()
        let before = await first.metering.intervalReadings(intervalStartMs: base)
        try await first.stop()

        let second = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: configuration)
        #expect(second.metering.recovery.records == 3)
        #expect(await second.metering.intervalReadings(intervalStartMs: base) == before)
        let again = try await connect(second, DemoUsers.gatewayUsername)
        #expect(try await again.submitReadings(batch).outcomes.allSatisfy { $0 == .acceptedDuplicate })
        await again.logout()
        try await second.stop()
    }
}
