import GreenGridLoadKit
import Testing

@Suite struct RateSweepTests {
    /// A fake system: p99 grows with the rate and shoots up past `knee`; the sender keeps up to `senderMax`.
    func fake(knee: Double, senderMax: Double = .infinity) -> (Double) -> SweepMeasurement {
        { rate in
            SweepMeasurement(targetRate: rate, achievedRate: min(rate, senderMax),
                             p99Ns: rate <= knee ? UInt64(rate * 100) : 50_000_000, unanswered: 0)
        }
    }

    @Test("picks the highest rate whose p99 stays under the bound, and stops at the first failure")
    func picksHighestPassing() async {
        let sweep = RateSweep(p99BoundNs: 5_000_000, startRate: 1_000, factor: 2, maxRate: 64_000)
        var tried: [Double] = []
        let system = fake(knee: 10_000)
        let outcome = await sweep.run { rate in
            tried.append(rate)
            return system(rate)
        }
        #expect(tried == [1_000, 2_000, 4_000, 8_000, 16_000])
        #expect(outcome.best?.targetRate == 8_000)
        #expect(outcome.steps.map(\.passed) == [true, true, true, true, false])
    }

    @Test("a sender that falls more than the tolerance short of its target fails the step")
    func achievedRateMatters() async {
        let sweep = RateSweep(p99BoundNs: 5_000_000, startRate: 1_000, factor: 2, maxRate: 64_000, rateTolerance: 0.05)
        let outcome = await sweep.run(fake(knee: 1e9, senderMax: 5_000))
        #expect(outcome.best?.targetRate == 4_000)
        #expect(sweep.passes(SweepMeasurement(targetRate: 1_000, achievedRate: 951, p99Ns: 1, unanswered: 0)))
        #expect(!sweep.passes(SweepMeasurement(targetRate: 1_000, achievedRate: 949, p99Ns: 1, unanswered: 0)))
        #expect(!sweep.passes(SweepMeasurement(targetRate: 1_000, achievedRate: 1_000, p99Ns: 1, unanswered: 1)))
    }

    @Test("all steps passing ends at max rate; the first failing gives no best")
    func edges() async {
        let sweep = RateSweep(p99BoundNs: 5_000_000, startRate: 1_000, factor: 3, maxRate: 9_000)
        #expect(sweep.rates == [1_000, 3_000, 9_000])
        #expect(await sweep.run(fake(knee: 1e9)).best?.targetRate == 9_000)
        #expect(await sweep.run(fake(knee: 10)).best == nil)
    }
}
