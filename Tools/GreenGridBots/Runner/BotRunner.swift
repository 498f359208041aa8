import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// Runs strategies on one session: every tick it looks at the mirrored book and its own orders,
/// asks each strategy for its quotes, and sends what the reconciler says (fire and forget; the
/// reports, not the requests, update what it believes rests). Market data and reports are read by
/// two child tasks; decisions happen on this actor, one tick at a time.
public actor BotRunner {
    public struct Statistics: Sendable, Hashable {
        public var ticks = 0
        public var placed = 0
        public var replaced = 0
        public var cancelled = 0
        public var fills = 0
        public var boughtWh: Int64 = 0
        public var soldWh: Int64 = 0
        public var rejections: [RejectReason: Int] = [:]
        public var sendErrors = 0
        public var auctionsStarted = 0
        public var auctionBids = 0
    }

    public struct Settings: Sendable {
        public var zone: UInt16
        public var priceRules: PriceRules
        public var window: TradingWindow
        public var tickMs: Int64 = 500
        /// At most this many requests per tick, so a bot can never flood its session.
        public var actionsPerTickMax = 40
        public var reconciler = QuoteReconciler()
        /// Taking part in Dutch auctions (nil: not at all).
        public var auctions: AuctionRole?
        /// The price band of an interval (its time-of-use tier), when the market has tiers.
        public var bandOfInterval: (@Sendable (Int64) -> PriceBand)?

        public init(zone: UInt16, priceRules: PriceRules, window: TradingWindow) {
            self.zone = zone
            self.priceRules = priceRules
            self.window = window
        }
    }

    public let client: GreenGridClient
    public let settings: Settings
    let strategies: [any BotStrategy]
    let onFill: (@Sendable (Message.Fill) -> Void)?
    var own = OwnOrders()
    var lastTrades: [Int64: Int64] = [:]
    var statistics = Statistics()
    var auctions = RunningAuctions()
    /// What the bidder has asked for per auction (asked, not filled: it does not ask twice).
    var auctionBidWh: [AuctionId: Int64] = [:]
    var lastAuctionStartedMs: Int64?
    let reference = ReferencePrice()

    public init(client: GreenGridClient, settings: Settings, strategies: [any BotStrategy],
                onFill: (@Sendable (Message.Fill) -> Void)? = nil) {
        self.client = client
        self.settings = settings
        self.strategies = strategies
        self.onFill = onFill
    }

    public var currentStatistics: Statistics {
        var result = statistics
        result.rejections = own.rejections
        return result
    }

    /// Trades until `deadlineMs` (wall clock) or until the task is cancelled, then cancels what it
    /// has resting. Throws only if the session cannot subscribe to its zone.
    public func run(untilMs deadlineMs: Int64? = nil) async throws {
        try client.subscribe(zone: settings.zone)
        let reports = Task { [client] in
            do {
                for try await event in client.sessionEvents { self.handle(event) }
            } catch {}
        }
        let trades = Task { [client] in
            do {
                for try await event in client.marketData {
                    switch event {
                    case .trade(let trade): self.noteTrade(trade)
                    case .auctionUpdate, .auctionResult, .snapshotBegin: self.noteAuction(event)
                    default: break
                    }
                }
            } catch {}
        }
        defer {
            reports.cancel()
            trades.cancel()
        }
        while !Task.isCancelled, client.terminalError == nil {
            let nowMs = Self.wallClockMs()
            if let deadlineMs, nowMs >= deadlineMs { break }
            tick(nowMs: nowMs)
            try? await Task.sleep(nanoseconds: UInt64(settings.tickMs) * 1_000_000)
        }
        _ = try? await client.massCancel(zone: settings.zone, timeoutMs: 2_000)
    }

    /// One decision: the view now, every strategy's quotes, the reconciler's requests.
    func tick(nowMs: Int64) {
        statistics.ticks += 1
        let view = MarketView(
            nowMs: nowMs, zone: settings.zone, priceRules: settings.priceRules, window: settings.window,
            books: TopOfBookBuilder.build(levels: client.bookMirror?.levels(zone: settings.zone) ?? [], own: Array(own.orders.values)),
            lastTradeMicrosPerKWh: lastTrades, filledWh: own.filledWh)
        let wanted = strategies.flatMap { $0.quotes(view) }
        let actions = settings.reconciler.actions(wanted: wanted, own: own, tickMicrosPerKWh: settings.priceRules.tickMicrosPerKWh)
        for action in actions.prefix(settings.actionsPerTickMax) { perform(action) }
        auctionTick(view)
    }

    func perform(_ action: BotAction) {
        switch action {
        case .place(let quote):
            let clientOrderId = client.nextClientOrderId()
            own.sent(clientOrderId: clientOrderId, key: quote.key)
            do throws(ClientError) {
                try client.send(OrderRequest(
                    clientOrderId: clientOrderId, zone: settings.zone, intervalStartMs: quote.key.intervalStartMs, side: quote.key.side,
                    quantityWh: quote.quantityWh, priceMicrosPerKWh: quote.priceMicrosPerKWh, source: quote.source,
                    acceptedSources: quote.acceptedSources))
                statistics.placed += 1
            } catch {
                own.unsent(clientOrderId: clientOrderId)
                statistics.sendErrors += 1
            }
        case .replace(let orderId, let quote):
            own.requested(orderId)
            do throws(ClientError) {
                try client.sendReplace(zone: settings.zone, orderId: orderId, side: quote.key.side, intervalStartMs: quote.key.intervalStartMs,
                                       quantityWh: quote.quantityWh, priceMicrosPerKWh: quote.priceMicrosPerKWh)
                statistics.replaced += 1
            } catch {
                own.unrequested(orderId)
                statistics.sendErrors += 1
            }
        case .cancel(let orderId, _):
            own.requested(orderId)
            do throws(ClientError) {
                try client.sendCancel(zone: settings.zone, orderId: orderId)
                statistics.cancelled += 1
            } catch {
                own.unrequested(orderId)
                statistics.sendErrors += 1
            }
        }
    }

    func handle(_ event: SessionEvent) {
        switch event {
        case .report(let report):
            own.apply(report)
            if case .fill(let fill) = report {
                statistics.fills += 1
                if fill.side == .buy { statistics.boughtWh += fill.quantityWh } else { statistics.soldWh += fill.quantityWh }
                onFill?(fill)
            }
        case .reconnected(_, let resumed) where !resumed:
            // The reports of what happened meanwhile are gone: start again from nothing resting.
            own.reset()
            Task { [client, zone = settings.zone] in _ = try? await client.massCancel(zone: zone, timeoutMs: 2_000) }
        case .resumeUnavailable:
            own.reset()
        default:
            break
        }
    }

    func noteTrade(_ trade: Message.TradePrint) {
        guard trade.zone == settings.zone else { return }
        lastTrades[trade.intervalStartMs] = trade.priceMicrosPerKWh
    }

    static func wallClockMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }
}
