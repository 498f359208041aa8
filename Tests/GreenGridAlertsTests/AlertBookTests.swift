import GreenGridDomain
import Testing
@testable import GreenGridAlerts

/// Set and delete bounds, owner checks, and the inbox's bound and sequences.
@Suite("Alert book")
struct AlertBookTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var spec: AlertSpec
        var rejection: AlertRejection?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "front, lowest values", spec: spec(threshold: 0, rearm: 0), rejection: nil),
        Case(name: "highest values", spec: spec(intervalStartMs: t0 + interval, threshold: 1_000_000_000, rearm: 100_000_000), rejection: nil),
        Case(name: "last zone", spec: spec(zone: 2), rejection: nil),
        Case(name: "zone out of range", spec: spec(zone: 3), rejection: .unknownZone),
        Case(name: "negative zone", spec: spec(zone: -1), rejection: .unknownZone),
        Case(name: "interval not aligned", spec: spec(intervalStartMs: t0 + interval + 1), rejection: .intervalNotAligned),
        Case(name: "negative interval", spec: spec(intervalStartMs: -interval), rejection: .intervalNotAligned),
        Case(name: "interval already started", spec: spec(intervalStartMs: t0), rejection: .intervalStarted),
        Case(name: "threshold negative", spec: spec(threshold: -1), rejection: .thresholdOutOfRange),
        Case(name: "threshold too high", spec: spec(threshold: 1_000_000_001), rejection: .thresholdOutOfRange),
        Case(name: "rearm negative", spec: spec(rearm: -1), rejection: .rearmOutOfRange),
        Case(name: "rearm too high", spec: spec(rearm: 100_000_001), rejection: .rearmOutOfRange),
    ]

    @Test("set bounds", arguments: cases)
    func setBounds(_ test: Case) {
        var book = Recorded()
        let result = book.set(test.spec)
        switch result {
        case .success(let alert):
            #expect(test.rejection == nil)
            #expect(alert.alertId == 1 && alert.ownerId == alice && alert.createdAtMs == t0 && alert.isArmed && alert.spec == test.spec)
            #expect(book.book.nextAlertId == 2)
        case .failure(let rejection):
            #expect(rejection == test.rejection)
            #expect(book.book.count == 0 && book.book.nextAlertId == 1)
        }
    }

    @Test func atMostTwentyAlertsPerUser() {
        var book = Recorded()
        for _ in 0..<AlertBook.alertsPerUserMax { #expect((try? book.set(spec()).get()) != nil) }
        #expect(book.set(spec()) == .failure(.tooManyAlerts))
        #expect((try? book.set(spec(), owner: bob).get()) != nil)
        // A delete makes room again; ids are never reused.
        _ = book.delete(3)
        #expect((try? book.set(spec()).get())?.alertId == 22)
    }

    @Test func onlyTheOwnerDeletes() {
        var book = Recorded()
        let id = try! book.set(spec()).get().alertId
        #expect(book.delete(id, owner: bob) == .failure(.notOwner))
        #expect(book.delete(99) == .failure(.unknownAlert))
        #expect((try? book.delete(id).get())?.alertId == id)
        #expect(book.delete(id) == .failure(.unknownAlert))
        #expect(book.book.alerts(ownerId: alice).isEmpty)
    }

    @Test func alertsListsTheOwnersInIdOrder() {
        var book = Recorded()
        _ = book.set(spec(threshold: 1))
        _ = book.set(spec(threshold: 2), owner: bob)
        _ = book.set(spec(threshold: 3))
        #expect(book.book.alerts(ownerId: alice).map(\.thresholdMicrosPerKWh) == [1, 3])
        #expect(book.book.alerts(ownerId: bob).map(\.alertId) == [2])
    }

    @Test func inboxKeepsTheNewestHundredWithIncreasingSequences() {
        var book = Recorded()
        _ = book.set(spec(threshold: 100, rearm: 10))
        for _ in 0..<130 {
            book.round([observation(.reference, 200)])
            book.round([observation(.reference, 0)])
        }
        let inbox = book.book.inbox(ownerId: alice, max: 1_000)
        #expect(inbox.count == AlertBook.inboxMax)
        #expect(inbox.map(\.sequence) == Array(31...130))
        #expect(book.book.lastSequence(ownerId: alice) == 130)
        #expect(book.book.inbox(ownerId: alice, afterSequence: 125).map(\.sequence) == [126, 127, 128, 129, 130])
        #expect(book.book.inbox(ownerId: alice, afterSequence: 0, max: 3).map(\.sequence) == [31, 32, 33])
        #expect(book.book.inbox(ownerId: alice, afterSequence: 130).isEmpty)
        #expect(book.book.inbox(ownerId: bob).isEmpty && book.book.lastSequence(ownerId: bob) == 0)
    }

    @Test func deletingAnAlertKeepsItsNotifications() {
        var book = Recorded()
        let id = try! book.set(spec()).get().alertId
        book.round([observation(.reference, 200_000)])
        _ = book.delete(id)
        #expect(book.book.inbox(ownerId: alice).map(\.alertId) == [id])
    }
}
