import GreenGridClient
import GreenGridDomain
import GreenGridProtocol
import GreenGridServer
import GreenGridSimulation
import Synchronization

/// One demo trader of the crash loop and what it knows the exchange acknowledged.
///
/// Its orders come in three kinds whose fate after a crash can be told apart exactly: `passive`
/// orders sit far from anything that trades (sells from 0.50, buys up to 0.10 per kWh), so an
/// acknowledged one is resting, whole, until an acknowledged cancel takes it out; `offer`s are
/// prosumers' sells at the trading price (0.30), which the zone's consumer takes with `ioc` buys,
/// so an acknowledged offer is resting with what is left, or gone filled (the replay says which);
/// an acknowledged IOC never rests. Deposits (prosumers only, whose wallet history stays short)
/// carry the trader's own request ids, each applied once. One request is in flight at a time,
/// so when the server dies at most one operation is unacknowledged: it is remembered and settled
/// after the restart (found whole or not at all, and a deposit sent again).
final class CrashTrader: Sendable {
    enum Kind: Sendable { case passive, offer, ioc }

    struct Order: Sendable {
        var clientOrderId: ClientOrderId
        var kind: Kind
        var side: Side
        var quantityWh: Int64
        var priceMicrosPerKWh: Int64
    }

    enum Pending: Sendable {
        case newOrder(Order)
        case cancel(OrderId, Order)
        case deposit(requestId: UInt64, amountMicros: Int64)
    }

    struct State: Sendable {
        var random: SplitMix64
        var nextClientOrderId: ClientOrderId = 1
        var nextDepositId: UInt64 = 1
        /// Acknowledged and not known to be gone: order id → order.
        var resting: [OrderId: Order] = [:]
        /// Acknowledged cancels and IOCs: must never be in the book again.
        var gone: Set<OrderId> = []
        /// Acknowledged deposits: request id → amount and the journal sequence FundsMoved named
        /// (the wallet history refers to a movement by that sequence).
        var deposits: [UInt64: (amountMicros: Int64, sequence: UInt64)] = [:]
        var pending: Pending?
        var counts = CrashCounts()
    }

    let username: String
    let traderId: TraderId
    let zone: UInt16
    let side: Side
    let intervalStarts: [Int64]
    let restingMax: Int
    let state: Mutex<State>
    private let historyPages = Mutex<[String]>([])

    init(username: String, traderId: TraderId, zone: UInt16, side: Side, intervalStarts: [Int64], seed: UInt64, restingMax: Int = 300) {
        self.username = username
        self.traderId = traderId
        self.zone = zone
        self.side = side
        self.intervalStarts = intervalStarts
        self.restingMax = restingMax
        state = Mutex(State(random: SplitMix64(seed: seed)))
    }

    static let tradePriceMicros: Int64 = 300_000

    /// Sends operations one at a time until the connection dies (the kill) or `stop` says so.
    func run(_ client: GreenGridClient, stop: @escaping @Sendable () -> Bool) async {
        while !stop() {
            let operation = state.withLock { next(&$0) }
            state.withLock { $0.pending = operation }
            do {
                try await perform(operation, client)
                state.withLock { $0.pending = nil }
            } catch {
                // Sent and not answered (or refused): settled after the restart.
                return
            }
        }
    }

    private func next(_ state: inout State) -> Pending {
        let roll = state.random.below(100)
        if side == .sell && roll < 10 {
            defer { state.nextDepositId += 1 }
            return .deposit(requestId: state.nextDepositId, amountMicros: 1_000_000 + Int64(state.nextDepositId))
        }
        if roll < 35 || state.resting.count >= restingMax, let (orderId, order) = state.resting.randomElement(using: &state.random) {
            return .cancel(orderId, order)
        }
        let id = state.nextClientOrderId
        state.nextClientOrderId += 1
        let quantityWh = Int64(100 + state.random.below(5_000))
        if roll < 65 {
            let ticks = Int64(state.random.below(1_000)) * 100
            let price = side == .sell ? 500_000 + ticks : 100_000 - ticks
            return .newOrder(Order(clientOrderId: id, kind: .passive, side: side, quantityWh: quantityWh, priceMicrosPerKWh: price))
        }
        return .newOrder(Order(clientOrderId: id, kind: side == .sell ? .offer : .ioc, side: side, quantityWh: quantityWh,
                               priceMicrosPerKWh: Self.tradePriceMicros))
    }

    private func interval(for clientOrderId: ClientOrderId) -> Int64 { intervalStarts[Int(clientOrderId % UInt64(intervalStarts.count))] }

    private func perform(_ operation: Pending, _ client: GreenGridClient) async throws {
        switch operation {
        case .newOrder(let order):
            let request = OrderRequest(clientOrderId: order.clientOrderId, zone: zone, intervalStartMs: interval(for: order.clientOrderId),
                                       side: order.side, quantityWh: order.quantityWh, priceMicrosPerKWh: order.priceMicrosPerKWh,
                                       timeInForce: order.kind == .ioc ? .immediateOrCancel : .goodTillGateClosure,
                                       source: order.side == .sell ? .solar : .other)
            let answer = try await client.place(request)
            guard case .accepted(let accepted) = answer else { throw CrashViolation("\(username): order refused: \(answer)") }
            state.withLock {
                $0.counts.orders += 1
                if order.kind == .ioc { $0.gone.insert(accepted.orderId) } else { $0.resting[accepted.orderId] = order }
            }
        case .cancel(let orderId, let order):
            let answer = try await client.cancel(zone: zone, orderId: orderId)
            switch answer {
            case .cancelled:
                state.withLock {
                    $0.counts.cancels += 1
                    $0.resting[orderId] = nil
                    $0.gone.insert(orderId)
                }
            case .rejected where order.kind == .offer:
                state.withLock { $0.resting[orderId] = nil }  // filled meanwhile; the replay confirms it
            default:
                throw CrashViolation("\(username): cancel of \(orderId) answered \(answer)")
            }
        case .deposit(let requestId, let amountMicros):
            let receipt = try await client.deposit(amountMicros: amountMicros, requestId: requestId)
            guard receipt.amountMicros == amountMicros else { throw CrashViolation("\(username): deposit \(requestId) answered \(receipt)") }
            state.withLock {
                $0.counts.deposits += 1
                $0.deposits[requestId] = (amountMicros, receipt.sequence)
            }
        }
    }

    /// After a restart: the book and the wallet as the server now reports them must hold every
    /// acknowledged operation exactly once, and the unacknowledged one whole or not at all (the
    /// replay of the journal says which, and the server must agree with it).
    func verify(_ client: GreenGridClient, replay: CrashReplay) async throws {
        let open = try await client.openOrders(zone: zone)
        var byId: [OrderId: Message.OpenOrder] = [:]
        for order in open {
            guard byId.updateValue(order, forKey: order.orderId) == nil else { throw CrashViolation("\(username): order \(order.orderId) listed twice") }
        }
        let accepted = replay.accepted[traderId] ?? [:]
        var snapshot = state.withLock { $0 }
        // The unacknowledged operation first: whole or absent, as the journal has it.
        if let pending = snapshot.pending {
            switch pending {
            case .newOrder(let order):
                if let orderId = accepted[order.clientOrderId] {
                    snapshot.counts.pendingApplied += 1
                    if order.kind == .ioc { snapshot.gone.insert(orderId) } else { snapshot.resting[orderId] = order }
                } else {
                    snapshot.counts.pendingAbsent += 1
                    if let stray = open.first(where: { $0.clientOrderId == order.clientOrderId }) {
                        throw CrashViolation("\(username): unacknowledged order \(order.clientOrderId) is in the book (\(stray.orderId)) but not in the journal")
                    }
                }
            case .cancel(let orderId, _):
                if byId[orderId] == nil { snapshot.resting[orderId] = nil; snapshot.gone.insert(orderId); snapshot.counts.pendingApplied += 1 }
                else { snapshot.counts.pendingAbsent += 1 }
            case .deposit(let requestId, let amountMicros):
                // Sent again: applied now if it was lost, answered again if it was not; either way once.
                let receipt = try await client.deposit(amountMicros: amountMicros, requestId: requestId)
                guard receipt.amountMicros == amountMicros else { throw CrashViolation("\(username): deposit \(requestId) resent, answered \(receipt)") }
                if (replay.deposits[traderId]?[requestId] ?? 0) == 1 { snapshot.counts.pendingApplied += 1 } else { snapshot.counts.pendingAbsent += 1 }
                snapshot.deposits[requestId] = (amountMicros, receipt.sequence)
            }
            snapshot.pending = nil
        }
        // Every acknowledged order.
        for (orderId, order) in snapshot.resting {
            guard let listed = byId[orderId] else {
                if order.kind == .offer && replay.filledOut.contains(orderId) { snapshot.resting[orderId] = nil; continue }
                throw CrashViolation("\(username): acknowledged \(order.kind) order \(orderId) (client \(order.clientOrderId)) is missing after the restart")
            }
            guard listed.clientOrderId == order.clientOrderId, listed.priceMicrosPerKWh == order.priceMicrosPerKWh,
                  listed.remainingWh + listed.filledWh == order.quantityWh,
                  order.kind == .offer || listed.filledWh == 0 else {
                throw CrashViolation("\(username): order \(orderId) came back as \(listed), acknowledged as \(order)")
            }
            snapshot.counts.ordersChecked += 1
        }
        for orderId in byId.keys where snapshot.resting[orderId] == nil {
            throw CrashViolation(snapshot.gone.contains(orderId)
                ? "\(username): order \(orderId) is back in the book after an acknowledged cancel (or as an IOC)"
                : "\(username): order \(orderId) is in the book but was never acknowledged")
        }
        snapshot.counts.cancelsChecked += snapshot.gone.count
        // Every acknowledged deposit exactly once in the wallet's history.
        if side == .sell {
            let history = try await depositHistory(client)
            for (requestId, deposit) in snapshot.deposits {
                let amount = deposit.amountMicros
                let found = history[deposit.sequence] ?? []
                guard found.count == 1, found[0] == amount else {
                    throw CrashViolation("\(username): acknowledged deposit \(requestId) of \(amount) µ appears \(found.count) times: \(found); history pages \(historyPages.withLock { $0 }), \(history.count) deposits")
                }
                snapshot.counts.depositsChecked += 1
            }
            let acknowledged = Set(snapshot.deposits.values.map(\.sequence))
            if let extra = history.first(where: { !acknowledged.contains($0.key) && $0.value != [DemoUsers.startingBalanceMicros] }) {
                throw CrashViolation("\(username): a deposit at sequence \(extra.key) (\(extra.value) µ) is in the history but was never acknowledged")
            }
        }
        let final = snapshot
        state.withLock { $0 = final }
    }

    /// Deposit journal sequence → the amounts the wallet history shows for it, page by page.
    private func depositHistory(_ client: GreenGridClient) async throws -> [UInt64: [Int64]] {
        var found: [UInt64: [Int64]] = [:]
        var pages: [String] = []
        defer { historyPages.withLock { $0 = pages } }
        var fromMs: Int64 = 0
        var lastSequence: UInt64 = 0
        for _ in 0..<10_000 {
            let page = try await client.walletHistory(fromMs: fromMs, toMs: .max, maxEntries: ProtocolConstants.historyEntriesMax)
            pages.append("\(page.entries.count)@\(fromMs)...\(page.entries.last?.timestampMs ?? 0) more \(page.more) seq \(page.entries.first?.sequence ?? 0)...\(page.entries.last?.sequence ?? 0)")
            for entry in page.entries where entry.sequence > lastSequence && entry.kind == .deposit {
                found[entry.reference, default: []].append(entry.availableDeltaMicros)
            }
            guard page.more, let last = page.entries.last else { return found }
            if last.timestampMs == fromMs && page.entries.first?.timestampMs == fromMs {
                throw CrashViolation("\(username): a wallet history page of one millisecond cannot be paged")
            }
            fromMs = last.timestampMs
            lastSequence = max(lastSequence, page.entries.map(\.sequence).max() ?? 0)
        }
        throw CrashViolation("\(username): the wallet history does not end")
    }
}

/// Operations acknowledged and checked, per kind, summed over traders and lives.
struct CrashCounts: Sendable {
    var orders = 0
    var cancels = 0
    var deposits = 0
    var ordersChecked = 0
    var cancelsChecked = 0
    var depositsChecked = 0
    var pendingApplied = 0
    var pendingAbsent = 0

    static func + (a: CrashCounts, b: CrashCounts) -> CrashCounts {
        CrashCounts(orders: a.orders + b.orders, cancels: a.cancels + b.cancels, deposits: a.deposits + b.deposits,
                    ordersChecked: a.ordersChecked + b.ordersChecked, cancelsChecked: a.cancelsChecked + b.cancelsChecked,
                    depositsChecked: a.depositsChecked + b.depositsChecked, pendingApplied: a.pendingApplied + b.pendingApplied,
                    pendingAbsent: a.pendingAbsent + b.pendingAbsent)
    }
}

/// A broken promise: the run stops and says what.
struct CrashViolation: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
