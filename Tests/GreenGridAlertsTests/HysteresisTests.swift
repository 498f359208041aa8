import GreenGridDomain
import Testing
@testable import GreenGridAlerts

/// The crossing rule: one notification per crossing, re-armed only past the band, for both
/// directions and every metric; a missing price changes nothing.
@Suite("Alert hysteresis")
struct HysteresisTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var direction: AlertDirection
        var threshold: Int64
        var rearm: Int64
        /// nil: the price is missing that round.
        var prices: [Int64?]
        /// The round indexes (0-based) that notify.
        var triggeredRounds: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "above fires at the threshold", direction: .above, threshold: 100, rearm: 10, prices: [99, 100], triggeredRounds: [1]),
        Case(name: "above starts beyond: fires on the first round", direction: .above, threshold: 100, rearm: 10, prices: [150, 150],
             triggeredRounds: [0]),
        Case(name: "above oscillating inside the band fires once", direction: .above, threshold: 100, rearm: 10,
             prices: [95, 101, 91, 100, 92, 105, 91, 130], triggeredRounds: [1]),
        Case(name: "above re-arms at threshold − band and fires again", direction: .above, threshold: 100, rearm: 10,
             prices: [101, 90, 99, 100], triggeredRounds: [0, 3]),
        Case(name: "above far away and back fires each time", direction: .above, threshold: 100, rearm: 10,
             prices: [120, 50, 120, 50, 120], triggeredRounds: [0, 2, 4]),
        Case(name: "below fires at the threshold", direction: .below, threshold: 100, rearm: 10, prices: [101, 100], triggeredRounds: [1]),
        Case(name: "below oscillating inside the band fires once", direction: .below, threshold: 100, rearm: 10,
             prices: [105, 99, 109, 100, 108, 80], triggeredRounds: [1]),
        Case(name: "below re-arms at threshold + band", direction: .below, threshold: 100, rearm: 10, prices: [99, 110, 101, 100],
             triggeredRounds: [0, 3]),
        Case(name: "missing prices change nothing", direction: .above, threshold: 100, rearm: 10, prices: [nil, 101, nil, 80, nil, nil, 101],
             triggeredRounds: [1, 6]),
        Case(name: "rearm 0: a price resting on the threshold is one crossing", direction: .above, threshold: 100, rearm: 0,
             prices: [100, 100, 100, 99, 100], triggeredRounds: [0, 4]),
        Case(name: "rearm 0 below", direction: .below, threshold: 100, rearm: 0, prices: [100, 100, 101, 100], triggeredRounds: [0, 3]),
    ]

    @Test("one notification per crossing", arguments: cases, AlertMetric.allCases)
    func crossings(_ test: Case, metric: AlertMetric) {
        var book = Recorded()
        let alertId = try! book.set(spec(metric: metric, direction: test.direction, threshold: test.threshold, rearm: test.rearm)).get().alertId
        var fired: [Int] = []
        for (index, price) in test.prices.enumerated() {
            // The other metrics move the other way: only the watched one counts.
            let others = price.map { 2 * test.threshold - $0 }
            let obs = observation(intervalStartMs: t0 + 4 * interval,
                                  reference: metric == .reference ? price : others,
                                  bestBid: metric == .bestBid ? price : others,
                                  bestAsk: metric == .bestAsk ? price : others)
            let triggers = book.round([obs])
            if !triggers.isEmpty {
                #expect(triggers.map(\.alertId) == [alertId] && triggers[0].priceMicrosPerKWh == price && triggers[0].metric == metric)
                fired.append(index)
            }
        }
        #expect(fired == test.triggeredRounds)
        #expect(book.book.inbox(ownerId: alice).map(\.sequence) == test.triggeredRounds.indices.map { UInt64($0 + 1) })
    }

    @Test func triggeredStateKeepsThePriceTimeAndInterval() {
        var book = Recorded()
        let id = try! book.set(spec(intervalStartMs: t0 + 8 * interval, threshold: 100, rearm: 10)).get().alertId
        book.round([observation(.reference, 120, intervalStartMs: t0 + 8 * interval)])
        #expect(book.book.alert(id)?.state == .triggered(priceMicrosPerKWh: 120, atMs: t0 + 1_000, intervalStartMs: t0 + 8 * interval))
        book.round([observation(.reference, 1, intervalStartMs: t0 + 8 * interval)])
        #expect(book.book.alert(id)?.state == .armed)
    }

    @Test func otherZonesAndIntervalsDoNotCount() {
        var book = Recorded()
        _ = book.set(spec(zone: 1, intervalStartMs: t0 + 8 * interval, threshold: 100))
        #expect(book.round([observation(.reference, 500, zone: 0, intervalStartMs: t0 + 8 * interval),
                            observation(.reference, 500, zone: 1, intervalStartMs: t0 + 9 * interval)]).isEmpty)
        #expect(book.round([observation(.reference, 500, zone: 1, intervalStartMs: t0 + 8 * interval)]).count == 1)
    }

    @Test func alertsAreProcessedInIdOrder() {
        var book = Recorded()
        _ = book.set(spec(), owner: bob)
        _ = book.set(spec(), owner: alice)
        _ = book.set(spec(), owner: bob)
        let triggers = book.round([observation(.reference, 200_000)])
        #expect(triggers.map(\.alertId) == [1, 2, 3])
        #expect(triggers.map(\.sequence) == [1, 1, 2])
    }
}

/// Front-interval alerts follow the earliest open interval that has the watched price;
/// specific-interval alerts expire once their interval starts.
@Suite("Alert intervals")
struct AlertIntervalTests {
    @Test func frontAlertReadsTheEarliestObservedInterval() {
        var book = Recorded()
        _ = book.set(spec(threshold: 100))
        let triggers = book.round([observation(.reference, 150, intervalStartMs: t0 + 6 * interval),
                                   observation(.reference, 50, intervalStartMs: t0 + 5 * interval)])
        #expect(triggers.isEmpty)
        // The earlier interval has no reference price now: the front is the next one that has.
        let next = book.round([observation(.reference, nil, intervalStartMs: t0 + 5 * interval),
                               observation(.reference, 150, intervalStartMs: t0 + 6 * interval)])
        #expect(next.map(\.intervalStartMs) == [t0 + 6 * interval])
    }

    @Test func frontAlertMovesToTheNextIntervalAndKeepsItsHysteresis() {
        var book = Recorded()
        let id = try! book.set(spec(threshold: 100, rearm: 10)).get().alertId
        #expect(book.round([observation(.reference, 120, intervalStartMs: t0 + 4 * interval),
                            observation(.reference, 50, intervalStartMs: t0 + 5 * interval)]).count == 1)
        // The front interval closes; the next one's price is inside the band: still triggered.
        #expect(book.round([observation(.reference, 95, intervalStartMs: t0 + 5 * interval)]).isEmpty)
        #expect(book.book.alert(id)?.isArmed == false)
        // Past the band on the new front: re-armed, then fires again on the new front.
        #expect(book.round([observation(.reference, 90, intervalStartMs: t0 + 5 * interval)]).isEmpty)
        #expect(book.book.alert(id)?.isArmed == true)
        let again = book.round([observation(.reference, 100, intervalStartMs: t0 + 5 * interval)])
        #expect(again.map(\.intervalStartMs) == [t0 + 5 * interval])
        // A front alert never expires.
        book.nowMs = t0 + 100 * interval
        book.round([])
        #expect(book.book.alert(id) != nil)
    }

    @Test func frontIsPerMetric() {
        var book = Recorded()
        _ = book.set(spec(metric: .bestBid, threshold: 100))
        let triggers = book.round([observation(zone: 0, intervalStartMs: t0 + 4 * interval, reference: 500, bestBid: nil, bestAsk: 500),
                                   observation(zone: 0, intervalStartMs: t0 + 5 * interval, reference: 1, bestBid: 120, bestAsk: 1)])
        #expect(triggers.map(\.intervalStartMs) == [t0 + 5 * interval])
    }

    @Test func specificIntervalAlertExpiresWhenItsIntervalStarts() {
        var book = Recorded()
        let start = t0 + 2 * interval
        let id = try! book.set(spec(intervalStartMs: start)).get().alertId
        book.nowMs = start - 3_000
        book.round([observation(.reference, 1, intervalStartMs: start)])
        #expect(book.book.alert(id) != nil)
        // Gate closed: no observation any more, nothing changes until delivery starts.
        book.round([])
        #expect(book.book.alert(id) != nil)
        book.round([])
        #expect(book.book.alert(id) == nil && book.book.alerts(ownerId: alice).isEmpty)
        #expect(book.book.inbox(ownerId: alice).isEmpty, "expiry is silent")
        #expect(book.records.last == .evaluated(AlertRound(nowMs: start, transitions: [
            .init(kind: .expired, alertId: id, intervalStartMs: start, priceMicrosPerKWh: 0),
        ])))
    }
}
