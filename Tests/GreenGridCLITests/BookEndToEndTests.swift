import Foundation
import Testing

@testable import GreenGridCLIKit

/// `book`, once and watching, against an in-process exchange.
@Suite struct BookEndToEndTests {
    @Test func bookShowsLevelsOnce() async throws {
        try await withServer { server in
            let interval = openInterval()
            for (user, order) in [("prosumer-harbour", ["sell", "2kWh", "0.30"]), ("prosumer-harbour", ["sell", "1kWh", "0.28"]),
                                  ("consumer-harbour", ["buy", "0.5kWh", "0.20"])] {
                let run = await greengrid(server, as: user, ["order", "place"] + order + ["--interval", interval])
                #expect(run.code == .ok, "\(run)")
            }
            let book = await greengrid(server, as: "consumer-harbour", ["book", "harbour", "--interval", interval])
            #expect(book.code == .ok, "\(book)")
            let lines = book.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[0].hasPrefix("harbour (zone 0) — open — "))
            #expect(lines[2] == "interval \(interval)")
            #expect(lines[3] == "BID ORDERS  BID kWh  BID PRICE  ASK PRICE  ASK kWh  ASK ORDERS")
            #expect(lines[4] == "         1    0.500     0.2000     0.2800    1.000           1")
            #expect(lines[5] == "                                   0.3000    2.000           1")
            #expect(book.out.contains("none seen yet"))

            let shallow = await greengrid(server, as: "admin", ["book", "0", "--depth", "1", "--json"])
            let object = try shallow.json()
            let intervals = try #require(object["intervals"] as? [[String: Any]])
            #expect(intervals.count == 1)
            let asks = try #require(intervals[0]["asks"] as? [[String: Any]])
            #expect(asks.count == 1)
            #expect(asks[0]["priceMicrosPerKWh"] as? Int == 280_000)
        }
    }

    @Test(arguments: [false, true])
    func watchShowsTradesAsTheyHappen(json: Bool) async throws {
        try await withServer { server in
            let interval = openInterval()
            let resting = await greengrid(server, as: "prosumer-harbour", ["order", "place", "sell", "2kWh", "0.30", "--interval", interval,
                                                                           "--source", "wind"])
            #expect(resting.code == .ok, "\(resting)")

            let captured = CapturedOutput()
            let arguments = ["book", "harbour", "--watch", "--seconds", "30", "--port", String(server.port), "--user", "consumer-harbour",
                             "--password", "demo"] + (json ? ["--json"] : [])
            let watching = Task { await GreenGridCLI.run(arguments, environment: [:], console: captured.console) }
            try await waitUntil("the first drawing") { captured.out.contains(json ? "\"asks\"" : "ASK PRICE") }

            let buy = await greengrid(server, as: "consumer-harbour", ["order", "place", "buy", "1.25kWh", "0.30", "--interval", interval])
            #expect(buy.code == .ok, "\(buy)")
            try await waitUntil("the trade drawn") { captured.out.contains(json ? "\"tradeId\"" : "AGGRESSOR") }
            try await Task.sleep(for: .milliseconds(300))  // the book update after the trade, at the next redraw
            watching.cancel()  // what Ctrl-C does
            #expect(await watching.value == .ok, "\(captured.error)")

            if json {
                let last = try #require(captured.out.split(separator: "\n").last)
                let object = try #require(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
                let trade = try #require((object["trades"] as? [[String: Any]])?.first)
                #expect(trade["priceMicrosPerKWh"] as? Int == 300_000)
                #expect(trade["quantityWh"] as? Int == 1_250)
                #expect(trade["aggressor"] as? String == "buy")
                #expect(trade["source"] as? String == "wind")
                let asks = (object["intervals"] as? [[String: Any]])?.first?["asks"] as? [[String: Any]]
                #expect(asks?.first?["quantityWh"] as? Int == 750)
            } else {
                #expect(captured.out.contains(BookCommand.clearScreen))
                let frame = try #require(captured.out.components(separatedBy: BookCommand.clearScreen).last)
                #expect(frame.contains("                             -     0.3000    0.750           1"), "\(frame)")
                #expect(frame.contains("\(interval)     0.3000  1.250  buy        wind"), "\(frame)")
                #expect(frame.contains("(watching; Ctrl-C to quit)"))
            }
        }
    }
}
