import Foundation
import GreenGridBilling
import Testing

/// The HTML page is what a user opens: user text must stay text, the page must stand alone, and the
/// chart must draw what the days hold.
@Suite("Statement HTML and chart")
struct StatementHTMLTests {
    typealias F = StatementFixtures

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test("Escaping covers the five characters that can end text or an attribute", arguments: [
        ("plain", "plain"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("a & b", "a &amp; b"),
        ("\"quoted\"", "&quot;quoted&quot;"),
        ("&amp;", "&amp;amp;"),
    ])
    func escaping(_ raw: String, _ escaped: String) {
        #expect(HTMLEscaping.escape(raw) == escaped)
    }

    @Test("User text is escaped everywhere it appears")
    func userTextEscaped() throws {
        let memo = "<img src=x onerror=\"steal()\"> & \"more\""
        let entries = F.prosumerJanuaryEntries() + [
            StatementEntry(timestampMs: F.january2027StartMs + 1, kind: .deposit, amountMicros: 1, memo: memo),
        ]
        var builder = try F.builder(entries: entries)
        builder.setUser(42, role: .prosumer, accountName: "<b>Eve</b> & 'Mallory'")
        let html = try builder.build().html()
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>Eve"))
        #expect(html.contains("&lt;b&gt;Eve&lt;/b&gt; &amp; &#39;Mallory&#39;"))
        #expect(html.contains("&lt;img src=x onerror=&quot;steal()&quot;&gt; &amp; &quot;more&quot;"))
    }

    @Test("The page stands alone: no scripts, links, external references or URLs")
    func selfContained() throws {
        for statement in [try F.prosumerJanuary(), try F.goldenFebruary()] {
            let html = statement.html()
            for forbidden in ["http", "<script", "src=", "href", "url(", "@import", "<link", "<img", "<iframe", "xlink", "javascript"] {
                #expect(!html.lowercased().contains(forbidden), "found \(forbidden)")
            }
            #expect(html.hasPrefix("<!DOCTYPE html>\n"))
            #expect(Self.occurrences(of: "<svg", in: html) == 1)
            #expect(Self.occurrences(of: "</svg>", in: html) == 1)
            #expect(html.contains("<style>"))
        }
    }

    @Test("The chart has one bar per day with data, and day labels for every day")
    func barsPerDay() throws {
        let statement = try F.prosumerJanuary()
        let svg = DailyChart(days: statement.days).svg()
        // Bought on day 2 only; sold on day 3 only (day 10's −100 Wh correction draws no energy bar).
        #expect(Self.occurrences(of: "<rect class=\"bar-bought\"", in: svg) == 1)
        #expect(Self.occurrences(of: "<rect class=\"bar-sold\"", in: svg) == 1)
        // Net money on days 1, 2, 3, 5, 10 and 31: in on 1 and 3, out on the rest.
        #expect(Self.occurrences(of: "<rect class=\"bar-money-in\"", in: svg) == 2)
        #expect(Self.occurrences(of: "<rect class=\"bar-money-out\"", in: svg) == 4)
        #expect(svg.contains("<title>2027-01-02: bought 2.001 kWh</title>"))
        #expect(svg.contains("<title>2027-01-31: net -1.00</title>"))
        for day in 1...31 { #expect(svg.contains(">\(day)</text>")) }
        #expect(svg.contains("Energy per day (kWh)") && svg.contains("Day of month (UTC)"))
    }

    @Test("A month with energy every day draws a bar on every day, the largest at full height")
    func everyDay() throws {
        let t0 = F.january2027StartMs
        let entries = (0..<31).map { day in
            StatementEntry.bought(timestampMs: t0 + Int64(day) * F.dayMs + F.hourMs, energyWh: Int64(day + 1) * 100, priceMicrosPerKWh: 200_000)!
        }
        let statement = try F.builder(role: .consumer, entries: entries, openingBalanceMicros: 100_000_000).build()
        let svg = DailyChart(days: statement.days).svg()
        #expect(Self.occurrences(of: "<rect class=\"bar-bought\"", in: svg) == 31)
        #expect(Self.occurrences(of: "<rect class=\"bar-sold\"", in: svg) == 0)
        #expect(Self.occurrences(of: "<rect class=\"bar-money-out\"", in: svg) == 31)
        #expect(svg.contains("height=\"120\"><title>2027-01-31: bought 3.100 kWh</title>"))
        #expect(svg.contains(">3.100</text>"))
    }

    @Test("Bar heights scale with rounding half away from zero and never vanish", arguments: [
        (Int64(0), Int64(10), 120, 0), (1, 1_000_000, 120, 1), (5, 10, 120, 60), (1, 240, 120, 1), (1, 241, 120, 0 + 1),
        (10, 10, 120, 120), (Int64.max, Int64.max, 120, 120), (1, 3, 120, 40), (1, 7, 120, 17),
    ])
    func scaling(_ value: Int64, _ max: Int64, _ length: Int, _ pixels: Int) {
        #expect(DailyChart.scaled(value, max: max, to: length) == pixels)
    }

    @Test("Same statement, same bytes: built twice, or from entries in another order")
    func determinism() throws {
        let entries = F.prosumerJanuaryEntries()
        let first = try F.builder(entries: entries).build()
        let second = try F.builder(entries: entries).build()
        let shuffled = try F.builder(entries: entries.reversed()).build()
        #expect(first.csv() == second.csv())
        #expect(first.html() == second.html())
        #expect(Array(first.csv().utf8) == Array(shuffled.csv().utf8))
        #expect(Array(first.html().utf8) == Array(shuffled.html().utf8))
    }

    @Test("The summary shows balances, averages and earnings to the cent")
    func summary() throws {
        let html = try F.prosumerJanuary().html()
        #expect(html.contains("<tr class=\"balance\"><th scope=\"row\">Opening balance</th><td>5.00</td></tr>"))
        #expect(html.contains("<tr class=\"balance\"><th scope=\"row\">Closing balance</th><td>53.84</td></tr>"))
        #expect(html.contains("<th scope=\"row\">Average buy price (per kWh)</th><td>0.2463</td>"))
        #expect(html.contains("<th scope=\"row\">Average sell price (per kWh)</th><td>0.1799</td>"))
        #expect(html.contains("<th scope=\"row\">Earnings after fees</th><td>0.33</td>"))
        #expect(html.contains("<th scope=\"row\">Entries on estimated meter data</th><td>1</td>"))
        #expect(Self.occurrences(of: "<tr class=\"", in: html) >= 9)
    }
}
