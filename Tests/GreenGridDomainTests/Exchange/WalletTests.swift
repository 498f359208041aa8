import GreenGridDomain
import GreenGridSimulation
import Testing

/// Orders and money together: the funds check, reservations converted and released to the
/// micro, deposits and withdrawals, settlement from meter readings. `TestExchange` checks every
/// invariant after every command, the zones' copies of available balances against the ledger included.
@Suite struct WalletTests {
    static let seller = Participant(traderId: 1, role: .prosumer, zone: 0, feeder: 0)
    static let buyer = Participant(traderId: 2, role: .consumer, zone: 0, feeder: 1)
    static let remoteSeller = Participant(traderId: 3, role: .prosumer, zone: 1, feeder: 0)
    static let operatorUser = Participant(traderId: 9, role: .gridOperator, zone: 0, feeder: -1)
    static let interval = TestMarket.intervalStartMs

    static func exchange(feeMicrosPerKWh: Int64 = 0, missingMeterData: MissingMeterDataRule = .void) -> TestExchange {
        var exchange = TestExchange(market: TestMarket.walletMarket(feeMicrosPerKWh: feeMicrosPerKWh, missingMeterData: missingMeterData))
        exchange.register([seller, buyer, remoteSeller, operatorUser])
        return exchange
    }

    static func order(_ trader: Participant, _ side: Side, wh: Int64, price: Int64, id: ClientOrderId,
                      tif: TimeInForce = .goodTillGateClosure) -> Command {
        .newOrder(NewOrder(traderId: trader.traderId, clientOrderId: id, zone: trader.zone, intervalStartMs: interval, side: side,
                           quantityWh: wh, priceMicrosPerKWh: price, timeInForce: tif))
    }

    static func deposit(_ trader: Participant, _ micros: Int64, request: UInt64) -> Command {
        .deposit(WalletRequest(traderId: trader.traderId, zone: trader.zone, requestId: request, amountMicros: micros))
    }

    static func withdraw(_ trader: Participant, _ micros: Int64, request: UInt64) -> Command {
        .withdraw(WalletRequest(traderId: trader.traderId, zone: trader.zone, requestId: request, amountMicros: micros))
    }

    static func rejections(_ events: [[Event]]) -> [RejectReason] {
        events.joined().compactMap { if case .rejected(_, _, _, let reason) = $0.kind { return reason }; return nil }
    }

    static func moved(_ events: [[Event]]) -> [FundsMoved] {
        events.joined().compactMap { if case .fundsMoved(let moved) = $0.kind { return moved }; return nil }
    }

    func balances(_ exchange: TestExchange, _ trader: Participant) -> UserBalances {
        exchange.core.wallets!.ledger.balances(of: trader.traderId)
    }

    @Test("a buy is funded or refused: it reserves quantity × (ceil(limit) + ceil(fees)) per Wh")
    func fundsCheck() {
        var exchange = Self.exchange()
        // 2,000 Wh at 250,000 µ/kWh: 250 + 1 (platform fee 1,000 µ/kWh) = 251 µ per Wh → 502,000 µ.
        #expect(Self.rejections(exchange.execute(Self.order(Self.buyer, .buy, wh: 2_000, price: 250_000, id: 1))) == [.insufficientFunds])
        exchange.execute(Self.deposit(Self.buyer, 501_999, request: 1))
        #expect(Self.rejections(exchange.execute(Self.order(Self.buyer, .buy, wh: 2_000, price: 250_000, id: 2))) == [.insufficientFunds])
        exchange.execute(Self.deposit(Self.buyer, 1, request: 2))
        #expect(Self.rejections(exchange.execute(Self.order(Self.buyer, .buy, wh: 2_000, price: 250_000, id: 3))).isEmpty)
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 0, reservedMicros: 502_000, escrowMicros: 0))
        // Sells need no money.
        #expect(Self.rejections(exchange.execute(Self.order(Self.seller, .sell, wh: 500, price: 300_000, id: 1))).isEmpty)
    }

    @Test("a fill moves its share into escrow (value + fees), returns the headroom, a cancel releases the rest exactly")
    func fillAndCancel() {
        var exchange = Self.exchange()
        exchange.execute(Self.deposit(Self.buyer, 1_000_000, request: 1))
        exchange.execute(Self.order(Self.buyer, .buy, wh: 2_000, price: 250_000, id: 1))   // holds 502,000
        exchange.execute(Self.order(Self.seller, .sell, wh: 700, price: 240_000, id: 1))   // trades 700 Wh at 250,000
        // Escrow: value 175,000 + platform fee 700 = 175,700; share 700 × 251 = 175,700 (no headroom at a whole rate).
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 498_000, reservedMicros: 1_300 * 251, escrowMicros: 175_700))
        let orderId = try! #require(exchange.core.zones[0].restingOrders(traderId: Self.buyer.traderId).first?.orderId)
        exchange.execute(.cancel(traderId: Self.buyer.traderId, zone: 0, orderId: orderId))
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 498_000 + 1_300 * 251, reservedMicros: 0, escrowMicros: 175_700))
    }

    @Test("a limit that is not a whole µ per Wh leaves headroom, returned at the fill to the micro")
    func headroom() {
        var exchange = Self.exchange()
        exchange.execute(Self.deposit(Self.buyer, 1_000_000, request: 1))
        exchange.execute(Self.order(Self.seller, .sell, wh: 3, price: 100_100, id: 1))
        // Buy 3 Wh at 100,500 µ/kWh: rate ceil(100.5) + ceil(1) = 102 µ/Wh → 306 reserved.
        exchange.execute(Self.order(Self.buyer, .buy, wh: 3, price: 100_500, id: 1))
        // Trades at the resting 100,100: value round(300.3) = 300, fee round(3) = 3 → escrow 303, headroom 3 back.
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 1_000_000 - 303, reservedMicros: 0, escrowMicros: 303))
    }

    @Test("replace: more needs funds, less releases, a failed replace changes nothing")
    func replace() {
        var exchange = Self.exchange()
        exchange.execute(Self.deposit(Self.buyer, 300_000, request: 1))
        exchange.execute(Self.order(Self.buyer, .buy, wh: 1_000, price: 200_000, id: 1))   // 201 × 1,000 = 201,000
        let orderId = try! #require(exchange.core.zones[0].restingOrders(traderId: Self.buyer.traderId).first?.orderId)
        func replace(_ wh: Int64, _ price: Int64) -> [[Event]] {
            exchange.execute(.replace(ReplaceOrder(traderId: Self.buyer.traderId, zone: 0, orderId: orderId, side: .buy,
                                                   intervalStartMs: Self.interval, quantityWh: wh, priceMicrosPerKWh: price)))
        }
        #expect(Self.rejections(replace(1_500, 200_000)) == [.insufficientFunds])   // 301,500 > 300,000
        #expect(balances(exchange, Self.buyer).reservedMicros == 201_000)
        #expect(Self.rejections(replace(1_400, 210_000)).isEmpty)                       // 211 × 1,400 = 295,400
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 4_600, reservedMicros: 295_400, escrowMicros: 0))
        #expect(Self.rejections(replace(400, 210_000)).isEmpty)
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 300_000 - 84_400, reservedMicros: 84_400, escrowMicros: 0))
    }

    @Test("immediate-or-cancel rests release at once; gate closure releases what still rests")
    func releases() {
        var exchange = Self.exchange()
        exchange.execute(Self.deposit(Self.buyer, 1_000_000, request: 1))
        exchange.execute(Self.order(Self.seller, .sell, wh: 100, price: 100_000, id: 1))
        exchange.execute(Self.order(Self.buyer, .buy, wh: 300, price: 100_000, id: 1, tif: .immediateOrCancel))
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 1_000_000 - 10_100, reservedMicros: 0, escrowMicros: 10_100))
        exchange.execute(Self.order(Self.buyer, .buy, wh: 300, price: 100_000, id: 2))
        #expect(balances(exchange, Self.buyer).reservedMicros == 300 * 101)
        #expect(exchange.core.wallets!.ledger.transfers.keys.contains { $0.purpose == .reserve })
        exchange.execute(.closeGate(intervalStartMs: Self.interval), atMs: TestMarket.gateClosureMs)
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 1_000_000 - 10_100, reservedMicros: 0, escrowMicros: 10_100))
        // Nothing rests any more: no reservation id can come again, so none is remembered.
        #expect(!exchange.core.wallets!.ledger.transfers.keys.contains { $0.purpose == .reserve || $0.purpose == .release })
        #expect(exchange.core.wallets!.ledger.transfers.keys.contains { $0.purpose == .deposit })
    }

    @Test("deposits and withdrawals: idempotent by request id, bounded, refused without a wallet")
    func depositsAndWithdrawals() {
        var exchange = Self.exchange()
        let first = Self.moved(exchange.execute(Self.deposit(Self.buyer, 5_000, request: 7)))
        #expect(first.count == 1 && first[0].availableAfterMicros == 5_000 && !first[0].repeated)
        let again = Self.moved(exchange.execute(Self.deposit(Self.buyer, 5_000, request: 7)))
        #expect(again.count == 1 && again[0].repeated && again[0].sequence == first[0].sequence)
        #expect(balances(exchange, Self.buyer).availableMicros == 5_000)
        #expect(Self.rejections(exchange.execute(Self.deposit(Self.buyer, 6_000, request: 7))) == [.walletRequestConflict])
        #expect(Self.rejections(exchange.execute(Self.withdraw(Self.buyer, 5_000, request: 7))) == [.walletRequestConflict])
        #expect(Self.rejections(exchange.execute(Self.withdraw(Self.buyer, 5_001, request: 8))) == [.insufficientFunds])
        #expect(Self.rejections(exchange.execute(Self.deposit(Self.buyer, 0, request: 9))) == [.walletAmountInvalid])
        #expect(Self.rejections(exchange.execute(Self.deposit(Self.buyer, -1, request: 10))) == [.walletAmountInvalid])
        #expect(Self.rejections(exchange.execute(Self.deposit(Self.buyer, WalletRules.balanceMicrosMax, request: 11))) == [.walletAmountInvalid])
        #expect(Self.rejections(exchange.execute(Self.deposit(Self.operatorUser, 1, request: 1))) == [.noWallet])
        #expect(Self.moved(exchange.execute(Self.withdraw(Self.buyer, 2_000, request: 12))).first?.availableAfterMicros == 3_000)
        #expect(exchange.core.wallets!.ledger.externalMicros == -3_000)

        var noWallets = TestExchange(market: TestMarket.market())
        noWallets.register([Self.buyer])
        #expect(Self.rejections(noWallets.execute(Self.deposit(Self.buyer, 1, request: 1))) == [.noWallet])
    }

    struct SettlementCase: Sendable, CustomTestStringConvertible {
        var name: String
        var exportWh: Int64?
        var importWh: Int64?
        var atMs: Int64
        var sellerPaid: Int64
        var buyerRefund: Int64
        var settled: Bool
        var testDescription: String { name }
    }

    /// One local trade of 1,000 Wh at 200,000 µ/kWh (value 200,000, platform fee 1,000), settled
    /// after the interval ended (its end + 1 min) or after the deadline (end + 1 h).
    static let end = interval + DeliveryInterval.lengthMs
    static let settlementCases: [SettlementCase] = [
        SettlementCase(name: "full delivery", exportWh: 1_000, importWh: 1_000, atMs: end + 60_000,
                       sellerPaid: 200_000, buyerRefund: 0, settled: true),
        SettlementCase(name: "short seller", exportWh: 600, importWh: 1_000, atMs: end + 60_000,
                       sellerPaid: 120_000, buyerRefund: 80_400, settled: true),
        SettlementCase(name: "short buyer", exportWh: 1_000, importWh: 250, atMs: end + 60_000,
                       sellerPaid: 50_000, buyerRefund: 150_750, settled: true),
        SettlementCase(name: "no data before the deadline waits", exportWh: nil, importWh: nil, atMs: end + 60_000,
                       sellerPaid: 0, buyerRefund: 0, settled: false),
        SettlementCase(name: "no data at the deadline voids", exportWh: nil, importWh: 1_000, atMs: end + 3_600_000,
                       sellerPaid: 0, buyerRefund: 201_000, settled: true),
    ]

    @Test("settlement from meter readings, through sequenced commands", arguments: settlementCases)
    func settlement(_ c: SettlementCase) {
        var exchange = Self.exchange()
        exchange.execute(Self.deposit(Self.buyer, 1_000_000, request: 1))
        exchange.execute(Self.order(Self.seller, .sell, wh: 1_000, price: 200_000, id: 1))
        exchange.execute(Self.order(Self.buyer, .buy, wh: 1_000, price: 200_000, id: 1))
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 799_000, reservedMicros: 0, escrowMicros: 201_000))
        exchange.execute(.closeGate(intervalStartMs: Self.interval), atMs: TestMarket.gateClosureMs)
        if let exportWh = c.exportWh {
            exchange.execute(.intervalReading(IntervalReading(traderId: Self.seller.traderId, intervalStartMs: Self.interval,
                                                              exportWh: exportWh, importWh: 0)), atMs: Self.end)
        }
        if let importWh = c.importWh {
            exchange.execute(.intervalReading(IntervalReading(traderId: Self.buyer.traderId, intervalStartMs: Self.interval,
                                                              exportWh: 0, importWh: importWh)), atMs: Self.end)
        }
        exchange.execute(.settleInterval(intervalStartMs: Self.interval), atMs: c.atMs)
        let ledger = exchange.core.wallets!.ledger
        #expect(balances(exchange, Self.seller).availableMicros == c.sellerPaid)
        #expect(balances(exchange, Self.buyer).availableMicros == 799_000 + c.buyerRefund)
        #expect(balances(exchange, Self.buyer).escrowMicros == (c.settled ? 0 : 201_000))
        #expect(exchange.core.zones[0].availableMicros(of: Self.seller.traderId) == c.sellerPaid)
        // Running it again moves nothing (the zones only note the command's sequence).
        let before = exchange.core.wallets!.ledger.stateHash
        exchange.execute(.settleInterval(intervalStartMs: Self.interval), atMs: c.atMs)
        #expect(exchange.core.wallets!.ledger.stateHash == before)
        #expect(ledger.platformFeesMicros + ledger.gridFeesMicros.values.reduce(0, +) + ledger.externalMicros
                + ledger.users.values.reduce(0) { $0 + $1.availableMicros + $1.reservedMicros + $1.escrowMicros } == 0)
    }

    @Test("a cross-zone trade escrows the path's grid fee, credited to the exporting zone at settlement")
    func crossZoneGridFee() {
        var exchange = Self.exchange(feeMicrosPerKWh: 20_000)
        exchange.execute(Self.deposit(Self.buyer, 1_000_000, request: 1))
        exchange.execute(Self.order(Self.remoteSeller, .sell, wh: 500, price: 150_000, id: 1))
        // Rate: 200 (limit) + 1 (platform) + 20 (dearest path into zone 0) = 221 µ/Wh.
        exchange.execute(Self.order(Self.buyer, .buy, wh: 500, price: 200_000, id: 1))
        // Value 75,000 + platform 500 + grid 10,000 = 85,500 escrowed; 500 × 221 − 85,500 = 25,000 headroom back.
        #expect(balances(exchange, Self.buyer) == UserBalances(availableMicros: 1_000_000 - 85_500, reservedMicros: 0, escrowMicros: 85_500))
        exchange.execute(.closeGate(intervalStartMs: Self.interval), atMs: TestMarket.gateClosureMs)
        exchange.execute(.intervalReading(IntervalReading(traderId: Self.remoteSeller.traderId, intervalStartMs: Self.interval,
                                                          exportWh: 500, importWh: 0)), atMs: Self.end)
        exchange.execute(.intervalReading(IntervalReading(traderId: Self.buyer.traderId, intervalStartMs: Self.interval,
                                                          exportWh: 0, importWh: 800)), atMs: Self.end)
        exchange.execute(.settleInterval(intervalStartMs: Self.interval), atMs: Self.end + 1)
        let ledger = exchange.core.wallets!.ledger
        #expect(ledger.gridFeesMicros == [1: 10_000])
        #expect(ledger.platformFeesMicros == 500)
        #expect(balances(exchange, Self.remoteSeller).availableMicros == 75_000)
        #expect(exchange.core.zones[1].availableMicros(of: Self.remoteSeller.traderId) == 75_000)
    }

    @Test("a snapshot with wallets restores a core that hashes and behaves the same")
    func snapshotRoundTrip() throws {
        var exchange = Self.exchange(feeMicrosPerKWh: 20_000)
        exchange.execute(Self.deposit(Self.buyer, 1_000_000, request: 1))
        exchange.execute(Self.order(Self.remoteSeller, .sell, wh: 500, price: 150_000, id: 1))
        exchange.execute(Self.order(Self.buyer, .buy, wh: 800, price: 200_000, id: 1))
        exchange.execute(.intervalReading(IntervalReading(traderId: Self.buyer.traderId, intervalStartMs: Self.interval,
                                                          exportWh: 0, importWh: 800)))
        var reader = ByteReader(exchange.core.snapshot())
        let restored = try ExchangeCore.decodeSnapshot(from: &reader, market: exchange.core.market)
        #expect(restored.stateHash() == exchange.core.stateHash())
        #expect(restored.snapshot() == exchange.core.snapshot())
        #expect(restored.invariantViolation() == nil)
        #expect(restored.wallets!.readings.importWh(participant: Self.buyer.traderId, intervalStartMs: Self.interval) == 800)
    }

    @Test("wallet commands survive the journal codec", arguments: [
        Command.deposit(WalletRequest(traderId: 7, zone: 3, requestId: 99, amountMicros: 12_345)),
        .withdraw(WalletRequest(traderId: 7, zone: 3, requestId: 100, amountMicros: 1)),
        .settleInterval(intervalStartMs: 1_798_761_600_000),
        .intervalReading(IntervalReading(traderId: 8, intervalStartMs: 1_798_761_600_000, exportWh: 1_234, importWh: 0)),
    ])
    func codec(_ command: Command) throws {
        let stamped = SequencedCommand(sequence: 42, timestampMs: 1_798_761_000_000, command: command)
        var writer = ByteWriter(capacity: 64)
        stamped.encode(into: &writer)
        #expect(writer.bytes.count == command.commandType.bodyBytes)
        var reader = ByteReader(writer.bytes)
        #expect(try SequencedCommand.decode(from: &reader) == stamped)
    }
}
