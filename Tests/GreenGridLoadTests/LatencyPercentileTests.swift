import GreenGridLoadKit
import Testing

@Suite struct LatencyPercentileTests {
    @Test("p50, p90, p99, p99.9 and max of a long-tailed distribution, each within the 1/32 bucket width")
    func percentiles() {
        var histogram = LatencyHistogram()
        // 100,000 values: 1 µs … 100 ms in equal steps of 1 µs per rank (rank r is r µs).
        for r in 1...100_000 { histogram.record(UInt64(r) * 1_000) }
        func near(_ value: UInt64, _ expected: UInt64) -> Bool { value >= expected && value <= expected + expected / 32 }
        #expect(near(histogram.value(atPercentile: 50), 50_000_000))
        #expect(near(histogram.value(atPercentile: 90), 90_000_000))
        #expect(near(histogram.value(atPercentile: 99), 99_000_000))
        #expect(near(histogram.value(atPercentile: 99.9), 99_900_000))
        #expect(histogram.maxValue == 100_000_000)
        #expect(histogram.value(atPercentile: 100) == 100_000_000)
    }

    @Test("the µs figures of the result line round up and keep the five names")
    func microsecondsLine() {
        var histogram = LatencyHistogram()
        for v: UInt64 in [400, 1_500, 2_000_000] { histogram.record(v) }
        var line = JSONLine()
        line.add(latencyMicroseconds: histogram)
        line.add("rejects", counts: ["b": 2, "a": 1])
        #expect(line.text.hasPrefix("{\"p50_us\":2,"))
        #expect(line.text.contains("\"max_us\":2000,"))
        #expect(line.text.hasSuffix("\"rejects\":{\"a\":1,\"b\":2}}"))
    }

    @Test("merging per-connection histograms equals recording everything in one")
    func merge() {
        var a = LatencyHistogram(), b = LatencyHistogram(), all = LatencyHistogram()
        for v in stride(from: UInt64(1), to: 10_000_000, by: 997) {
            if v % 2 == 0 { a.record(v) } else { b.record(v) }
            all.record(v)
        }
        a.merge(b)
        for p in [50.0, 90, 99, 99.9] { #expect(a.value(atPercentile: p) == all.value(atPercentile: p)) }
        #expect(a.maxValue == all.maxValue && a.total == all.total)
    }
}
