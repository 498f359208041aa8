import Foundation
import GreenGridBilling
import Testing

/// The CSV is the statement of record: exact amounts, RFC 4180 quoting, and a format pinned byte for byte.
@Suite("Statement CSV")
struct StatementCSVTests {
    typealias F = StatementFixtures

    @Test("Fields are quoted exactly when they need it, with quotes doubled", arguments: [
        ("plain", "plain"),
        ("", ""),
        ("-1.250000", "-1.250000"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line1\nline2", "\"line1\nline2\""),
        ("cr\rhere", "\"cr\rhere\""),
        ("crlf\r\nhere", "\"crlf\r\nhere\""),
        ("semi;colon and space", "semi;colon and space"),
        ("üñí, code", "\"üñí, code\""),
    ])
    func fieldQuoting(_ raw: String, _ quoted: String) {
        #expect(CSVWriter.field(raw) == quoted)
    }

    @Test("Memos with commas, quotes and newlines survive a round trip through an RFC 4180 reader")
    func memoRoundTrip() throws {
        let memo = "ref 12, \"urgent\"\nsecond line\r\nthird"
        let entries = [StatementEntry(timestampMs: F.january2027StartMs, kind: .deposit, amountMicros: 1, memo: memo)]
        var builder = try F.builder(entries: entries)
        builder.setUser(42, role: .prosumer, accountName: "O'Neil, \"Sun\" & Co")
        let records = try #require(RFC4180.parse(builder.build().csv()))
        #expect(records.allSatisfy { $0.count == Statement.csvHeader.count })
        #expect(records[0] == Statement.csvHeader)
        let entryRow = try #require(records.first { $0[0] == "entry" })
        #expect(entryRow[15] == memo)
        #expect(records.contains { $0[3] == "account_name" && $0[15] == "O'Neil, \"Sun\" & Co" })
    }

    @Test("Every record has the header's field count and entry amounts sum to the net change exactly")
    func structure() throws {
        let statement = try F.prosumerJanuary()
        let records = try #require(RFC4180.parse(statement.csv()))
        #expect(records.allSatisfy { $0.count == Statement.csvHeader.count })
        let amounts = records.filter { $0[0] == "entry" }.map { $0[12] }
        #expect(amounts.count == 9)
        let sumMicros = amounts.map(Self.micros).reduce(0, +)
        #expect(sumMicros == statement.totals.netChangeMicros)
        #expect(records.contains { $0[3] == "prosumer_earnings" && $0[12] == "0.329501" })
        #expect(records.contains { $0[3] == "average_buy_price" && $0[11] == "0.246252" })
    }

    /// "-1.234567" → -1234567, the inverse of the six-decimal printing.
    static func micros(_ text: String) -> Int64 {
        let negative = text.hasPrefix("-")
        let digits = text.filter { $0 != "-" && $0 != "." }
        return (negative ? -1 : 1) * Int64(digits)!
    }

    @Test("Golden: a small consumer statement, byte for byte")
    func golden() throws {
        let expected = [
            "record,line,booked_utc,kind,trade_id,order_id,zone,interval_start_utc,counterparty_zone,side,energy_kwh,price_per_kwh,amount,balance_after,flags,memo",
            "statement,,,trader_id,,,,,,,,,,,,7",
            "statement,,,account_name,,,,,,,,,,,,\"Ada, \"\"the\"\" Buyer\"",
            "statement,,,role,,,,,,,,,,,,consumer",
            "statement,,,month,,,,,,,,,,,,2027-02",
            "statement,,,period_start_utc,,,,,,,,,,,,2027-02-01T00:00:00Z",
            "statement,,,period_end_utc,,,,,,,,,,,,2027-03-01T00:00:00Z",
            "entry,1,2027-02-01T08:00:00Z,deposit,,,,,,,,,2.000000,3.000000,,",
            "entry,2,2027-02-14T09:00:00Z,trade_bought,65537,9,2,2027-02-14T10:00:00Z,,buy,1.250,0.001234,-0.001543,2.998457,,",
            "entry,3,2027-02-21T00:00:00Z,platform_fee,,,,,,,,,-0.000500,2.997957,,\"fee, monthly\nline 2\"",
            "total,,,opening_balance,,,,,,,,,1.000000,,,",
            "total,,,deposits,,,,,,,,,2.000000,,,",
            "total,,,withdrawals,,,,,,,,,0.000000,,,",
            "total,,,trades_bought,,,,,,,,,-0.001543,,,",
            "total,,,trades_sold,,,,,,,,,0.000000,,,",
            "total,,,settlements,,,,,,,,,0.000000,,,",
            "total,,,voids,,,,,,,,,0.000000,,,",
            "total,,,platform_fees,,,,,,,,,-0.000500,,,",
            "total,,,grid_fees,,,,,,,,,0.000000,,,",
            "total,,,net_change,,,,,,,,,1.997957,,,",
            "total,,,closing_balance,,,,,,,,,2.997957,,,",
            "total,,,energy_bought,,,,,,,1.250,,,,,",
            "total,,,energy_sold,,,,,,,0.000,,,,,",
            "total,,,average_buy_price,,,,,,,,0.001234,,,,",
            "total,,,average_sell_price,,,,,,,,,,,,",
        ].map { $0 + "\r\n" }.joined()
        let csv = try F.goldenFebruary().csv()
        #expect(csv == expected)
        if csv != expected {
            for (number, (a, b)) in zip(csv.components(separatedBy: "\r\n"), expected.components(separatedBy: "\r\n")).enumerated() where a != b {
                Issue.record("line \(number + 1):\n got \(a)\nwant \(b)")
            }
        }
    }
}

/// A minimal RFC 4180 reader, written independently of the writer, to check what the writer produced.
enum RFC4180 {
    static func parse(_ text: String) -> [[String]]? {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if scalars.first == "\"" { scalars.removeFirst(); field.unicodeScalars.append("\"") } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                guard field.isEmpty else { return nil }
                inQuotes = true
            } else if scalar == "," {
                record.append(field); field = ""
            } else if scalar == "\r" {
                guard scalars.popFirst() == "\n" else { return nil }
                record.append(field); field = ""
                records.append(record); record = []
            } else if scalar == "\n" {
                return nil  // bare LF outside quotes: not what the writer promises
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        guard !inQuotes, record.isEmpty, field.isEmpty else { return nil }
        return records
    }
}

@Suite("CSV formula injection")
struct CSVInjectionTests {
    @Test("free text that a spreadsheet would run as a formula gets a leading apostrophe; other text is kept", arguments: [
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1+1", "'+1+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("plain", "plain"), ("", ""), ("a=b", "a=b"),
    ])
    func text(raw: String, written: String) {
        #expect(CSVWriter.text(raw) == written)
    }
}
