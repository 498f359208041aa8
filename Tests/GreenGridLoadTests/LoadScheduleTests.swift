import GreenGridLoadKit
import Testing

@Suite struct LoadScheduleTests {
    @Test("the same seed gives the same schedule; another seed a different one")
    func deterministic() {
        let a = Array(LoadSchedule(ratePerSecond: 5_000, connections: 4, seed: 42).prefix(2_000))
        let b = Array(LoadSchedule(ratePerSecond: 5_000, connections: 4, seed: 42).prefix(2_000))
        let c = Array(LoadSchedule(ratePerSecond: 5_000, connections: 4, seed: 43).prefix(2_000))
        #expect(a == b)
        #expect(a.map(\.kind) != c.map(\.kind))
    }

    @Test("open loop: intended times come from the index and rate alone, evenly spaced, round-robin")
    func openLoop() {
        let schedule = LoadSchedule(ratePerSecond: 3_000, connections: 3, seed: 1)
        for (i, action) in schedule.prefix(9_001).enumerated() {
            #expect(action.index == i)
            #expect(action.connection == i % 3)
            // Exactly i/rate seconds: nothing accumulates, so the 9,000th request is due at 3 s sharp.
            let exact = Double(i) * 1e9 / 3_000
            #expect(abs(Double(action.intendedOffsetNs) - exact) <= 0.5)
        }
        #expect(schedule.intendedOffsetNs(9_000) == 3_000_000_000)
        // The schedule has no input for answers: a fresh copy yields the same times whatever happened to the first.
        var first = schedule
        for _ in 0..<100 { _ = first.next() }
        var second = schedule
        #expect(second.next()?.intendedOffsetNs == 0)
    }

    @Test("dueCount matches the intended times at and around each boundary")
    func dueCount() {
        let schedule = LoadSchedule(ratePerSecond: 7_777, connections: 1)
        for index in [0, 1, 2, 100, 7_776, 7_777, 123_456] {
            let at = schedule.intendedOffsetNs(index)
            #expect(schedule.dueCount(atOffsetNs: at) == index + 1)
            if at > 0 { #expect(schedule.dueCount(atOffsetNs: at - 1) == index) }
        }
    }

    @Test("the mix is honoured within a few percent and contents stay in range")
    func mix() {
        let mix = LoadMix(passive: 50, crossing: 20, cancel: 20, replace: 10)
        let actions = Array(LoadSchedule(ratePerSecond: 1_000, connections: 2, mix: mix, intervals: 3, seed: 9).prefix(20_000))
        func share(_ kind: LoadAction.Kind) -> Double { Double(actions.filter { $0.kind == kind }.count) / 20_000 }
        #expect(abs(share(.passive) - 0.5) < 0.02)
        #expect(abs(share(.crossing) - 0.2) < 0.02)
        #expect(abs(share(.cancel) - 0.2) < 0.02)
        #expect(abs(share(.replace) - 0.1) < 0.02)
        #expect(actions.allSatisfy { (0..<3).contains($0.interval) && $0.ticks >= 1 && $0.ticks <= 20 && $0.quantityWh > 0 })
        #expect(actions.filter { $0.kind == .crossing }.allSatisfy { $0.ticks <= 5 })
    }

    @Test("--mix parses named parts and refuses nonsense")
    func parseMix() throws {
        #expect(try LoadMix.parse("passive=70,cancel=30") == LoadMix(passive: 70, crossing: 0, cancel: 30, replace: 0))
        #expect(throws: LoadMix.ParseError.self) { try LoadMix.parse("cancel=100") }
        #expect(throws: LoadMix.ParseError.self) { try LoadMix.parse("passive=x") }
        #expect(throws: LoadMix.ParseError.self) { try LoadMix.parse("market=5") }
    }
}
