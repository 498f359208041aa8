import Foundation
import GreenGridDomain
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// The engine's reject reasons, end to end: a request over TCP that breaks one rule comes back
/// as OrderRejected with that rule's stable code.
@Suite("Reject reasons over TCP", .serialized)
struct RejectReasonTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var expected: RejectReason
        /// Builds the offending request; gets the next open interval and an order id resting for `prosumer-harbour`.
        var request: @Sendable (_ interval: Int64, _ restingOrderId: OrderId) -> Message
        var user = "prosumer-harbour"
    }

    static let cases: [Case] = [
        Case(description: "zero quantity", expected: .quantityNotPositive) { interval, _ in order(900, .sell, interval: interval, quantityWh: 0) },
        Case(description: "price off the tick", expected: .priceNotOnTick) { interval, _ in order(901, .sell, interval: interval, price: 100_050) },
        Case(description: "price outside the band", expected: .priceOutsideBand) { interval, _ in order(902, .sell, interval: interval, price: 3_100_000) },
        Case(description: "price above the cap", expected: .priceAboveCap) { interval, _ in order(903, .sell, interval: interval, price: 1_600_000) },
        Case(description: "price below the floor", expected: .priceBelowFloor) { interval, _ in order(904, .sell, interval: interval, price: 5_000) },
        Case(description: "order too large", expected: .orderTooLarge) { interval, _ in order(905, .sell, interval: interval, quantityWh: 600_000) },
        Case(description: "misaligned interval", expected: .intervalMisaligned) { interval, _ in order(906, .sell, interval: interval + 60_000) },
        Case(description: "interval beyond the horizon", expected: .intervalNotYetOpen) { interval, _ in order(907, .sell, interval: interval + 3 * 86_400_000) },
        Case(description: "interval past its gate", expected: .gateClosed) { interval, _ in order(908, .sell, interval: interval - 86_400_000) },
        Case(description: "another zone than the trader's", expected: .unknownParticipant) { interval, _ in order(909, .sell, zone: 1, interval: interval) },
        Case(description: "a consumer selling", expected: .roleCannotSell, request: { interval, _ in order(910, .sell, interval: interval) },
             user: "consumer-harbour"),
        Case(description: "cancel of an unknown order", expected: .unknownOrder) { _, _ in .cancelOrder(.init(zone: 0, orderId: 999_999)) },
        Case(description: "cancel of another trader's order", expected: .notOrderOwner,
             request: { _, resting in .cancelOrder(.init(zone: 0, orderId: resting)) }, user: "consumer-harbour"),
        Case(description: "replace that changes nothing", expected: .replaceChangesNothing) { interval, resting in
            .replaceOrder(.init(zone: 0, orderId: resting, side: .sell, intervalStartMs: interval, quantityWh: 1_000, priceMicrosPerKWh: 900_000))
        },
        Case(description: "replace naming another side", expected: .replaceDoesNotMatchOrder) { interval, resting in
            .replaceOrder(.init(zone: 0, orderId: resting, side: .buy, intervalStartMs: interval, quantityWh: 500, priceMicrosPerKWh: 900_000))
        },
    ]

    @Test("each broken rule comes back with its reason code")
    func reasons() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            // One resting sell of prosumer-harbour, far from any buyer, to cancel and replace.
            let owner = try ProtocolClient(port: server.port)
            try owner.logonAccepted("prosumer-harbour")
            try owner.send(order(1, .sell, interval: interval, price: 900_000))
            guard case .orderAccepted(let resting) = try owner.expectMessage() else { throw ClientError(operation: "resting order", errno: 0) }
            // A duplicate client order id is the same trader's second use of 1.
            try owner.send(order(1, .sell, interval: interval, price: 900_000))
            guard case .orderRejected(let duplicate) = try owner.expectMessage() else { throw ClientError(operation: "duplicate", errno: 0) }
            #expect(duplicate.reason == .duplicateClientOrderId)

            var sessions: [String: ProtocolClient] = ["prosumer-harbour": owner]
            for testCase in Self.cases {
                let client: ProtocolClient
                if let existing = sessions[testCase.user] { client = existing } else {
                    client = try ProtocolClient(port: server.port)
                    try client.logonAccepted(testCase.user)
                    sessions[testCase.user] = client
                }
                try client.send(testCase.request(interval, resting.orderId))
                let reply = try client.expectMessage()
                guard case .orderRejected(let rejected) = reply else {
                    Issue.record("\(testCase): expected OrderRejected, got \(reply)")
                    continue
                }
                #expect(rejected.reason == testCase.expected, "\(testCase)")
            }
        }
    }
}
