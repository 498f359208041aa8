import GreenGridLoadKit
import Testing

@Suite struct LatencyHistogramTests {
    @Test("every value lands in a bucket whose bounds contain it, within 1/32")
    func bucketsContainTheirValues() {
        var value: UInt64 = 0
        while value < 1 << 40 {
            let index = LatencyHistogram.index(value)
            let upper = LatencyHistogram.upperBound(index)
            #expect(upper >= value)
            #expect(upper - value <= max(1, value / 32))
            if index > 0 { #expect(LatencyHistogram.upperBound(index - 1) < value) }
            value = value < 200 ? value + 1 : value + value / 7
        }
    }

    @Test("percentiles of a known distribution")
    func percentiles() {
        var histogram = LatencyHistogram()
        for v in 1...1000 { histogram.record(UInt64(v)) }
        #expect(histogram.total == 1000)
        #expect(histogram.maxValue == 1000)
        let p50 = histogram.value(atPercentile: 50)
        #expect(p50 >= 500 && p50 <= 516)
        let p99 = histogram.value(atPercentile: 99)
        #expect(p99 >= 990 && p99 <= 1000)
        #expect(histogram.value(atPercentile: 100) == 1000)
    }
}

@Suite struct ReplayFileTests {
    @Test("parses new orders, cancels and comments")
    func parses() throws {
        let text = "# header\nN,1,7,B,10000,500\nN,2,8,S,10001,300\r\nC,1\n\n"
        let commands = try ReplayFile.parse(Array(text.utf8))
        #expect(commands == [
            .new(orderId: 1, traderId: 7, side: .buy, priceTicks: 10000, quantityWh: 500),
            .new(orderId: 2, traderId: 8, side: .sell, priceTicks: 10001, quantityWh: 300),
            .cancel(orderId: 1),
        ])
    }

    @Test("rejects malformed lines with their line number", arguments: [
        ("X,1", 1), ("N,1,2,B,100", 1), ("N,1,2,Q,100,5", 1), ("#ok\nN,1,2,B,-5,5", 2), ("C,abc", 1),
        ("N,1,99999999999,B,1,1", 1),
    ])
    func rejects(text: String, line: Int) {
        #expect(throws: ReplayParseError.self) { try ReplayFile.parse(Array(text.utf8)) }
        do { _ = try ReplayFile.parse(Array(text.utf8)) } catch { #expect(error.line == line) }
    }

    @Test("a replayed feed trades at resting prices and keeps the book valid")
    func replayBookTrades() throws {
        let commands = try ReplayFile.parse(Array("N,1,1,S,100,500\nN,2,2,S,101,500\nN,3,3,B,101,700\nC,2\nC,2\n".utf8))
        var book = ReplayBook()
        for command in commands { book.apply(command) }
        #expect(book.trades == 2)
        #expect(book.tradedWh == 700)
        #expect(book.rejected == 1)  // the second cancel of order 2
        #expect(book.book.isEmpty)
        #expect(book.book.invariantViolation() == nil)
    }
}
