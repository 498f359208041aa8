import Foundation
import GreenGridLoadKit
import Testing

@testable import GreenGridLoad

@Suite struct TCPScenarioTests {
    @Test("a short open-loop run against an in-process server answers every request and prints one JSON line", .timeLimit(.minutes(1)))
    func shortRun() async throws {
        let target = try await TCPTarget.spawn()
        var options = TCPScenario.Options()
        options.connections = 4
        options.rate = 300
        options.seconds = 1.5
        options.warmupSeconds = 0.2
        options.progress = false
        // The whole test suite shares two cores: answers may be late, never missing.
        options.drainSeconds = 45
        let result: TCPScenario.Result
        do { result = try await TCPScenario.run(options, target: target) } catch {
            await target.stop()
            throw error
        }
        await target.stop()

        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.line.text.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "order-entry")
        #expect(object["server"] as? String == "in-process")
        let sent = try #require(object["sent"] as? Int)
        #expect(sent == 510)  // 1.7 s at 300/s: the schedule, not the server, decides how many
        #expect(object["answered"] as? Int == sent)
        #expect(object["unanswered"] as? Int == 0)
        #expect((object["rate_per_s"] as? Double ?? 0) > 0)
        #expect((object["errors"] as? [String: Any])?.isEmpty == true)
        #expect(object["timed"] as? Int == 450)
        #expect(object["durable_acks"] as? Int == sent)
        #expect((object["server_journaled_commands"] as? Int ?? 0) >= sent)
        for key in ["p50_us", "p90_us", "p99_us", "p999_us", "max_us"] { #expect((object[key] as? Int ?? 0) > 0) }
        let accepted = object["accepted"] as? Int ?? 0, rejected = object["rejected"] as? Int ?? 0
        let cancelled = object["cancelled"] as? Int ?? 0, replaced = object["replaced"] as? Int ?? 0
        #expect(accepted + rejected + cancelled + replaced == sent)
        #expect(accepted > 0 && cancelled > 0 && replaced > 0)
        #expect(result.measurement.unanswered == 0)
        #expect(result.measurement.achievedRate > 0)
    }
}
