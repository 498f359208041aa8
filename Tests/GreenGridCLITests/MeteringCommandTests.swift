import Foundation
import GreenGridDomain
import GreenGridMetering
import GreenGridServer
import GreenGridTestSupport
import Testing

@testable import GreenGridCLIKit

/// `meter register`, `meter send`, `meter send-csv`, `energy watch` and `forecast zone` against an
/// in-process exchange, and the readings file's parser on its own.
@Suite struct MeteringCommandTests {
    /// prosumer-harbour and consumer-harbour.
    static let prosumer = 2
    static let consumer = 3

    /// Readings a minute apart from `base`: the solar meter exporting 83 Wh a minute, the household importing 33.
    static func csvRows(base: Int64, steps: ClosedRange<Int>, isoEvery: Int = 2) -> String {
        steps.map { step in
            let t = base + Int64(step) * 60_000
            let time = step % isoEvery == 0 ? UTCTime.format(ms: t) : String(t)
            return "9001,\(time),10,\(50_000 + step * 83),-5000\n9002,\(time),\(7_000 + step * 33),0,\n"
        }.joined()
    }

    static func writeTemporary(_ text: String) throws -> String {
        let path = temporaryPath("greengrid-readings") + ".csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func registerSendWatchAndForecast() async throws {
        try await withDemoServer("greengrid-cli-metering", configure: { $0.zoneEnergyIntervalMs = 100 }) { server in
            let gateway = String(DemoUsers.gatewayId(market: server.market))

            // The grid operator registers the two meters.
            let solar = await greengrid(server, as: "operator", ["meter", "register", "9001", "--owner", String(Self.prosumer), "--gateway", gateway,
                                                                 "--zone", "harbour", "--kind", "solar", "--rated-power-w", "10000"])
            #expect(solar.code == .ok, "\(solar)")
            #expect(solar.out.hasPrefix("registered meter 9001: owner 2, gateway \(gateway), zone harbour (0), feeder 0, solar, rated 10000 W;"
                + " metering journal sequence "), "\(solar)")
            let load = await greengrid(server, as: "operator", ["meter", "register", "9002", "--owner", String(Self.consumer), "--gateway", gateway,
                                                                "--zone", "0", "--kind", "household-load", "--rated-power-w", "20_000",
                                                                "--feeder", "1", "--json"])
            #expect(load.code == .ok, "\(load)")
            let registered = try load.json()
            #expect(registered["command"] as? String == "meter register")
            #expect(registered["meterId"] as? Int == 9_002)
            #expect(registered["ownerId"] as? Int == Self.consumer)
            #expect(registered["kind"] as? String == "householdLoad")
            #expect(registered["feeder"] as? Int == 1)
            #expect((registered["sequence"] as? Int ?? 0) > 0)

            // Registering is for grid operators and admins; a meter id registers once.
            let consumerRegisters = await greengrid(server, as: "consumer-harbour", ["meter", "register", "9003", "--owner", "3", "--gateway", gateway,
                                                                                     "--zone", "harbour", "--kind", "wind", "--rated-power-w", "1000",
                                                                                     "--json"])
            #expect(consumerRegisters.code == .refused, "\(consumerRegisters)")
            #expect(consumerRegisters.error.contains("notPermitted"), "\(consumerRegisters)")
            let notPermitted = try consumerRegisters.json()
            #expect(notPermitted["ok"] as? Bool == false)
            #expect((notPermitted["refused"] as? [String: Any])?["reason"] as? String == "notPermitted")
            let duplicate = await greengrid(server, as: "admin", ["meter", "register", "9001", "--owner", "2", "--gateway", gateway, "--zone", "harbour",
                                                                  "--kind", "solar", "--rated-power-w", "10000", "--json"])
            #expect(duplicate.code == .refused, "\(duplicate)")
            let refusal = try #require(try duplicate.json()["refused"] as? [String: Any])
            #expect(refusal["kind"] as? String == "meteringReject")
            #expect(refusal["reason"] as? String == "duplicateMeterId")
            #expect(refusal["code"] as? Int == 2)

            // The gateway sends the first reading of each meter one by one (ISO 8601 and Unix ms).
            let base = DeliveryInterval.start(containing: WallClock.nowMs()) - DeliveryInterval.lengthMs
            let first = await greengrid(server, as: "gateway", ["meter", "send", "9001", "--import-wh", "10", "--export-wh", "50000",
                                                                "--at", UTCTime.format(ms: base), "--power-w", "-5000"])
            #expect(first.code == .ok, "\(first)")
            #expect(first.out == "sent 1: accepted 1, duplicates 0, flagged 0, rejected 0\n", "\(first)")
            let second = await greengrid(server, as: "gateway", ["meter", "send", "9002", "--import-wh", "7000", "--export-wh", "0",
                                                                 "--at", String(base), "--json"])
            let sent = try second.json()
            #expect(sent["command"] as? String == "meter send")
            #expect(sent["sent"] as? Int == 1 && sent["accepted"] as? Int == 1, "\(second)")
            #expect((sent["outcomes"] as? [Any])?.isEmpty == true)
            let again = await greengrid(server, as: "gateway", ["meter", "send", "9002", "--import-wh", "7000", "--export-wh", "0", "--at", String(base)])
            #expect(again.out == "sent 1: accepted 0, duplicates 1, flagged 0, rejected 0\n", "\(again)")

            // Only gateways send readings.
            let operatorSends = await greengrid(server, as: "operator", ["meter", "send", "9001", "--import-wh", "10", "--export-wh", "50083"])
            #expect(operatorSends.code == .refused, "\(operatorSends)")
            #expect(operatorSends.error.contains("notPermitted"), "\(operatorSends)")

            // A bad row: a usage error naming its line, and nothing sent.
            let badPath = try Self.writeTemporary("meter_id,timestamp,import_wh,export_wh,power_w\n" + Self.csvRows(base: base, steps: 1...2)
                + "9001,yesterday,10,50300,\n")
            defer { try? FileManager.default.removeItem(atPath: badPath) }
            let bad = await greengrid(server, as: "gateway", ["meter", "send-csv", badPath])
            #expect(bad.code == .usage, "\(bad)")
            #expect(bad.error.contains("\(badPath): line 6: timestamp 'yesterday' is neither Unix milliseconds nor an ISO 8601"), "\(bad)")

            // The rest of the interval, and a spike (9 MWh in 30 s from a 10 kW meter) that is refused.
            let spikeLine = 2 + 2 * 14
            let path = try Self.writeTemporary("meter_id,timestamp,import_wh,export_wh,power_w\n" + Self.csvRows(base: base, steps: 1...14)
                + "9001,\(base + 870_000),10,9000000,-5000\n")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let batch = await greengrid(server, as: "gateway", ["meter", "send-csv", path])
            #expect(batch.code == .ok, "\(batch)")
            let spikeTime = UTCTime.format(ms: base + 870_000, milliseconds: true)
            #expect(batch.out == "line \(spikeLine): meter 9001 at \(spikeTime): rejected exportSpike (10)\n"
                + "sent 29: accepted 28, duplicates 0, flagged 0, rejected 1\n", "\(batch)")
            let batchJSON = try (await greengrid(server, as: "gateway", ["meter", "send-csv", path, "--json"])).json()
            #expect(batchJSON["duplicates"] as? Int == 28 && batchJSON["rejected"] as? Int == 1, "a resend: \(batchJSON)")
            let outcome = try #require((batchJSON["outcomes"] as? [[String: Any]])?.first)
            #expect(outcome["index"] as? Int == 28)
            #expect(outcome["line"] as? Int == spikeLine)
            #expect(outcome["meterId"] as? Int == 9_001)
            #expect(outcome["timestampMs"] as? Int == Int(base + 870_000))
            #expect(outcome["outcome"] as? String == "rejected")
            #expect(outcome["reasons"] as? [String] == ["exportSpike"])

            // A consumer watches the zone while the interval's last readings arrive.
            let captured = CapturedOutput()
            let watch = Task {
                await GreenGridCLI.run(["energy", "watch", "harbour", "--seconds", "2", "--json", "--port", String(server.port),
                                        "--user", "consumer-harbour", "--password", DemoUsers.traderPassword],
                                       environment: [:], console: captured.console)
            }
            try await waitUntil("the subscription") { captured.error.contains("watching the metered energy of zone harbour") }
            let lastPath = try Self.writeTemporary("meter_id,timestamp,import_wh,export_wh,power_w\n" + Self.csvRows(base: base, steps: 15...15))
            defer { try? FileManager.default.removeItem(atPath: lastPath) }
            let last = await greengrid(server, as: "gateway", ["meter", "send-csv", lastPath])
            #expect(last.out == "sent 2: accepted 2, duplicates 0, flagged 0, rejected 0\n", "\(last)")
            #expect(await watch.value == .ok, "\(captured.error)")
            let lines = try CLIRun(code: .ok, out: captured.out, error: captured.error).jsonLines()
            let view = try #require(lines.last { $0["intervalStartMs"] as? Int == Int(base) }, "\(captured.out)")
            #expect(view["command"] as? String == "energy watch")
            #expect(view["zone"] as? Int == 0)
            #expect(view["name"] as? String == "harbour")
            #expect(view["exportWh"] as? Int == 1_245, "15 one-minute steps of 83 Wh")
            #expect(view["importWh"] as? Int == 495, "15 one-minute steps of 33 Wh")
            #expect(view["netSurplusWh"] as? Int == 750)
            #expect(view["meters"] as? Int == 2)

            // The zone's production forecast, asked of the exchange.
            let forecast = await greengrid(server, as: "consumer-harbour", ["forecast", "zone", "harbour", "--hours", "2", "--json"])
            #expect(forecast.code == .ok, "\(forecast)")
            let object = try forecast.json()
            #expect(object["command"] as? String == "forecast zone")
            #expect(object["method"] as? String == "smart-persistence")
            let intervals = try #require(object["intervals"] as? [[String: Any]])
            #expect(intervals.count == 8)
            let starts = intervals.compactMap { $0["startMs"] as? Int }
            #expect(starts.count == 8 && starts[0] % Int(DeliveryInterval.lengthMs) == 0)
            #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == Int(DeliveryInterval.lengthMs) })
            #expect(object["totalWh"] as? Int == intervals.compactMap { $0["wh"] as? Int }.reduce(0, +))
            let text = await greengrid(server, as: "operator", ["forecast", "zone", "0", "--method", "exponential-smoothing", "--hours", "1"])
            #expect(text.code == .ok, "\(text)")
            #expect(text.out.hasPrefix("exponential-smoothing forecast for zone harbour from "), "\(text)")
            #expect(text.out.split(separator: "\n").count == 6, "heading, column titles, 4 intervals: \(text)")
            let foreign = await greengrid(server, as: "consumer-harbour", ["forecast", "zone", "harbour", "--meter", "9001"])
            #expect(foreign.code == .refused, "\(foreign)")
            #expect(foreign.error.contains("notYourMeter (10)"), "\(foreign)")
        }
    }

    @Test func energyWatchPrintsTextUntilCancelled() async throws {
        try await withDemoServer("greengrid-cli-energy", configure: { $0.zoneEnergyIntervalMs = 100 }) { server in
            let gateway = String(DemoUsers.gatewayId(market: server.market))
            let registered = await greengrid(server, as: "operator", ["meter", "register", "9101", "--owner", "4", "--gateway", gateway,
                                                                      "--zone", "hillside", "--kind", "wind", "--rated-power-w", "50000"])
            #expect(registered.code == .ok, "\(registered)")
            let captured = CapturedOutput()
            let watch = Task {
                await GreenGridCLI.run(["energy", "watch", "--port", String(server.port), "--user", "operator", "--password", DemoUsers.traderPassword],
                                       environment: [:], console: captured.console)
            }
            try await waitUntil("the subscription") { captured.error.contains("watching the metered energy of every zone") }
            let base = DeliveryInterval.start(containing: WallClock.nowMs()) - DeliveryInterval.lengthMs
            let path = try Self.writeTemporary("meter_id,timestamp,import_wh,export_wh\n9101,\(base),0,1000\n9101,\(base + 60_000),0,1500\n")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let sent = await greengrid(server, as: "gateway", ["meter", "send-csv", path])
            #expect(sent.code == .ok, "\(sent)")
            let minute = String(UTCTime.format(ms: base).dropLast(4)) + "Z"
            let expected = "zone hillside \(minute) import 0.000 kWh export 0.500 kWh net +0.500 kWh meters 1"
            try await waitUntil("the update") { captured.out.contains(expected) }
            watch.cancel()  // what Ctrl-C does
            #expect(await watch.value == .ok, "\(captured.error)")
        }
    }

    // MARK: the readings file, without a server

    @Test func csvParsesBothTimeFormsAndOptionalPower() throws {
        let text = "\u{FEFF}meter_id, timestamp ,import_wh,export_wh,power_w\r\n"
            + "7,2026-11-25T12:45:00Z,100,0,250\r\n"
            + "\r\n"
            + "8,1795610700000,1_000,20,\r\n"
        let rows = try MeterCSV.parse(Array(text.utf8))
        #expect(rows == [
            MeterCSV.Row(line: 2, reading: MeterReading(meterId: 7, timestampMs: 1_795_610_700_000, importWh: 100, exportWh: 0, powerW: 250)),
            MeterCSV.Row(line: 4, reading: MeterReading(meterId: 8, timestampMs: 1_795_610_700_000, importWh: 1_000, exportWh: 20, powerW: nil)),
        ])
        let withoutPower = try MeterCSV.parse(Array("meter_id,timestamp,import_wh,export_wh\n9,0,1,2".utf8))
        #expect(withoutPower == [MeterCSV.Row(line: 2, reading: MeterReading(meterId: 9, timestampMs: 0, importWh: 1, exportWh: 2))])
    }

    @Test(arguments: [
        ("", "no header"),
        ("meter_id,timestamp,import_wh\n1,0,0\n", "line 1: the header must be meter_id,timestamp,import_wh,export_wh"),
        ("meter_id,timestamp,export_wh,import_wh\n", "line 1: the header must be"),
        ("meter_id,timestamp,import_wh,export_wh\n", "no readings after the header"),
        ("meter_id,timestamp,import_wh,export_wh\n1,0,0,0\n2,0,0\n", "line 3: 3 fields, the header has 4"),
        ("meter_id,timestamp,import_wh,export_wh\n1,0,0,0,5\n", "line 2: 5 fields, the header has 4"),
        ("meter_id,timestamp,import_wh,export_wh\n0,0,0,0\n", "line 2: meter_id '0' is not a meter id"),
        ("meter_id,timestamp,import_wh,export_wh\nabc,0,0,0\n", "line 2: meter_id 'abc' is not a meter id"),
        ("meter_id,timestamp,import_wh,export_wh\n1,2026-11-25 12:45,0,0\n", "line 2: timestamp '2026-11-25 12:45' is neither Unix"),
        ("meter_id,timestamp,import_wh,export_wh\n1,2026-11-25T12:45:00+01:00,0,0\n", "line 2: timestamp"),
        ("meter_id,timestamp,import_wh,export_wh\n1,0,-5,0\n", "line 2: import_wh '-5' is not a whole number of Wh"),
        ("meter_id,timestamp,import_wh,export_wh\n1,0,0,1.5\n", "line 2: export_wh '1.5' is not a whole number of Wh"),
        ("meter_id,timestamp,import_wh,export_wh,power_w\n1,0,0,0,fast\n", "line 2: power_w 'fast' is not a whole number of W"),
        ("meter_id,timestamp,import_wh,export_wh\n1,0,0,0\n1,0,0,0\n1,0,0,0\n1,0,0,0\n", "line 5: more than 3 readings"),
        ("meter_id,timestamp,import_wh,export_wh\n1,0,0,0\n1,0,0,0" + String(repeating: " ", count: 60) + "\n", "line 3: longer than 64 bytes"),
    ])
    func csvErrorsNameTheLine(text: String, message: String) {
        do {
            let rows = try MeterCSV.parse(Array(text.utf8), rowsMax: 3, lineBytesMax: 64)
            Issue.record("parsed \(rows.count) rows; expected \(message)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func csvLimitsAreThoseDocumented() {
        #expect(MeterCSV.rowsMax == 100_000)
        #expect(MeterCSV.lineBytesMax == 256)
    }

    @Test(arguments: [
        (["meter", "register", "x", "--owner", "2", "--gateway", "11", "--zone", "0", "--kind", "solar", "--rated-power-w", "1"],
         "METER_ID 'x' is not a meter id"),
        (["meter", "register", "1", "--gateway", "11", "--zone", "0", "--kind", "solar", "--rated-power-w", "1"], "--owner TRADER_ID is required"),
        (["meter", "register", "1", "--owner", "2", "--gateway", "11", "--zone", "0", "--kind", "coal", "--rated-power-w", "1"],
         "--kind 'coal' is not one of solar, wind, battery, householdLoad, businessLoad, bidirectional"),
        (["meter", "register", "1", "--owner", "2", "--gateway", "11", "--zone", "0", "--kind", "solar", "--rated-power-w", "0"],
         "--rated-power-w '0' must be a whole number of W more than 0"),
        (["meter", "send", "1", "--export-wh", "5"], "--import-wh N is required"),
        (["meter", "send", "1", "--import-wh", "5", "--export-wh", "5", "--at", "noon"], "--at 'noon' is neither Unix milliseconds"),
        (["meter", "send-csv", "/nonexistent/readings.csv"], "cannot read the readings file /nonexistent/readings.csv"),
        (["meter", "send-csv"], "meter send-csv takes FILE, got none"),
        (["energy", "watch", "harbour", "hillside"], "energy watch takes [ZONE|all]"),
        (["energy", "watch", "--seconds", "0", "--user", "a", "--password", "p"], "--seconds must be an integer in 1..."),
        (["forecast", "zone", "harbour", "--hours", "49"], "--hours must be an integer in 1...48"),
        (["forecast", "zone", "harbour", "--method", "persistence"], "--method 'persistence' is not one of smart-persistence, exponential-smoothing"),
        (["forecast", "zone", "harbour", "--meter", "-3"], "--meter '-3' is not a meter id"),
        (["meter", "explode"], "meter needs a subcommand"),
    ])
    func usageErrorsBeforeConnecting(arguments: [String], message: String) async {
        let run = await greengrid(arguments)
        #expect(run.code == .usage, "\(run)")
        #expect(run.error.contains(message), "\(run)")
    }
}
