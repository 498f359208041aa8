import Foundation
import Testing

@testable import GreenGridLoad

@Suite struct FanoutScenarioTests {
    @Test("a short fan-out run delivers every trade to every subscriber exactly once and prints one JSON line", .timeLimit(.minutes(1)))
    func shortRun() async throws {
        let target = try await TCPTarget.spawn()
        var options = FanoutScenario.Options()
        options.subscribers = 10
        options.tradesPerSecond = 20
        options.seconds = 1.5
        options.warmupSeconds = 0.5
        options.progress = false
        // The whole test suite shares two cores: prints may be late, never missing.
        options.drainSeconds = 30
        let line: String
        do { line = try await FanoutScenario.run(options, target: target).text } catch {
            await target.stop()
            throw error
        }
        await target.stop()

        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "fanout")
        #expect(object["subscribers"] as? Int == 10)
        #expect(object["users"] as? Int == 7)  // admin and both roles of the three other zones
        #expect(object["trades_sent"] as? Int == 40)  // 2 s at 20/s: the schedule decides
        #expect(object["trades_filled"] as? Int == 40)
        #expect(object["prints_expected"] as? Int == 400)
        #expect(object["prints_received"] as? Int == 400)
        for key in ["missing", "duplicates", "out_of_order", "foreign_prints", "recoveries"] { #expect(object[key] as? Int == 0, "\(key)") }
        #expect((object["errors"] as? [String: Any])?.isEmpty == true)
        #expect(object["timed"] as? Int == 300)
        for key in ["p50_us", "p90_us", "p99_us", "p999_us", "max_us"] { #expect(object[key] is Int, "\(key)") }
    }
}
