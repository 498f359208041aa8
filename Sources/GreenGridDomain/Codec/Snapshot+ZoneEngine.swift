/// A zone engine's section of a snapshot: everything that decides its future behaviour and
/// its state hash. Transient parts (pending events, touched intervals, remote trades,
/// scratch lists) are not stored; a restored engine starts with them empty.
///
/// ```
///  0      2      4                 12   13                21                29         33
///  +------+------+-----------------+----+-----------------+-----------------+----------+------
///  | zone | rsvd | zone            |stat| eventSequence   | lastCommand     | traders  | …
///  | u16  | u16  | fingerprint u64 | u8 | u64             | Sequence u64    | u32      |
///  +------+------+-----------------+----+-----------------+-----------------+----------+------
/// ```
/// then the trader records, a book count u32 and the books. `lastCommandSequence` is the last
/// command the zone executed: no order id or time priority can exceed it.
///
/// Trader (32 bytes, then `ringCount` × u64 client order ids in ring storage order):
/// traderId u32, role u8, zone u16, feeder i32, openOrders u32, highestClientOrderId u64,
/// hasClientOrderIds u8, ringCount u32, ringNext u32; after the ring (format 3) the wallet:
/// availableMicros i64, requestCount u32 (≤ 64), and per remembered wallet request (41 bytes)
/// requestId u64, kind u8, amountMicros i64, availableAfterMicros i64, sequence u64, timestampMs i64.
///
/// Book: intervalStartMs i64, then for bids and then asks: count u32 and that many orders in
/// priority order (best price first, FIFO within a price), 66 bytes each (`OrderRecord`).
/// Format 4 then has the running auctions: a count u32 and that many `AuctionRecord`s.
extension ZoneEngine {
    /// Byte offsets inside one resting-order record.
    enum OrderRecord {
        static let orderId = 0
        static let priority = 8
        static let clientOrderId = 16
        static let priceMicrosPerKWh = 24
        static let remainingWh = 32
        static let filledWh = 40
        static let traderId = 48
        static let feeder = 52
        static let substation = 56
        static let side = 60
        static let source = 61
        static let acceptedSources = 62
        static let selfTradePrevention = 63
        static let state = 64
        static let cancelOnDisconnect = 65
        static let bytes = 66
    }

    public func encodeSnapshot(into writer: inout ByteWriter) {
        precondition(zoneIndex >= 0 && zoneIndex <= SnapshotFormat.zonesMax, "zone index does not fit a snapshot")
        precondition(traders.count <= SnapshotFormat.tradersPerZoneMax, "more traders than a snapshot may hold")
        let start = writer.count
        writer.write(UInt16(zoneIndex))
        writer.write(UInt16(0))
        writer.write(SnapshotFormat.fingerprint(of: zone, window: window))
        writer.write(status.rawValue)
        writer.write(eventSequence)
        writer.write(commandSequence)
        writer.write(UInt32(traders.count))
        assert(writer.count - start == SnapshotFormat.zoneSectionFixedBytes)
        for trader in traders { Self.encode(trader, into: &writer) }

        let slots = bookSlotOfInterval.sortedPairs()
        precondition(slots.count <= SnapshotFormat.booksPerZoneMax, "more books than a snapshot may hold")
        writer.write(UInt32(slots.count))
        for (interval, slot) in slots {
            writer.write(Int64(bitPattern: interval))
            let book = books[Int(slot)]
            precondition(book.restingCount <= SnapshotFormat.ordersPerBookMax, "more orders in a book than a snapshot may hold")
            for side in Side.allCases {
                let orders = book.restingOrders(side)
                writer.write(UInt32(orders.count))
                for order in orders { Self.encode(order, into: &writer) }
            }
        }
        encodeAuctions(into: &writer)
    }

    static func encode(_ trader: TraderState, into writer: inout ByteWriter) {
        let participant = trader.participant
        precondition(trader.recentClientOrderIds.count <= MarketConfiguration.clientOrderIdWindowLimit,
                     "client order id ring larger than a snapshot may hold")
        precondition(participant.zone >= 0 && participant.zone <= Int(UInt16.max) && Int32(exactly: participant.feeder) != nil,
                     "participant \(participant.traderId) does not fit the snapshot layout")
        writer.write(participant.traderId)
        writer.write(participant.role.rawValue)
        writer.write(UInt16(participant.zone))
        writer.write(Int32(participant.feeder))
        writer.write(UInt32(trader.openOrders))
        writer.write(trader.highestClientOrderId)
        writer.write(trader.hasClientOrderIds)
        writer.write(UInt32(trader.recentClientOrderIds.count))
        writer.write(UInt32(trader.ringNext))
        for id in trader.recentClientOrderIds { writer.write(id) }
        writer.write(trader.availableMicros)
        writer.write(UInt32(trader.walletRequests.count))
        for movement in trader.walletRequests {
            writer.write(movement.requestId)
            writer.write(movement.kind.rawValue)
            writer.write(movement.amountMicros)
            writer.write(movement.availableAfterMicros)
            writer.write(movement.sequence)
            writer.write(movement.timestampMs)
        }
    }

    /// Bytes of one remembered wallet request in a trader record.
    static let walletRequestBytes = 41

    static func encode(_ order: BookOrder, into writer: inout ByteWriter) {
        writer.write(order.orderId)
        writer.write(order.priority)
        writer.write(order.clientOrderId)
        writer.write(order.priceMicrosPerKWh)
        writer.write(order.remainingWh)
        writer.write(order.filledWh)
        writer.write(order.traderId)
        writer.write(order.feeder)
        writer.write(order.substation)
        writer.write(order.side.rawValue)
        writer.write(order.source.rawValue)
        writer.write(order.acceptedSources.rawValue)
        writer.write(order.selfTradePrevention.rawValue)
        writer.write(order.state.rawValue)
        writer.write(order.cancelOnDisconnect)
    }

    /// Rebuilds an engine from its section. Books are rebuilt by resting each order again in
    /// priority order, so slab slots may differ from the original's, but matching, events and
    /// `hash(into:)` are the same. Everything is checked against the market and against the
    /// engine's invariants; damaged bytes throw, they never trap.
    public static func decodeSnapshot(from reader: inout ByteReader, market: Market, zoneIndex: ZoneIndex,
                                      checks: ValidationChain = .standard(),
                                      version: UInt8 = SnapshotFormat.version) throws(DecodeError) -> ZoneEngine {
        precondition(market.zones.indices.contains(zoneIndex), "zone \(zoneIndex) is not in the market")
        var engine = ZoneEngine(market: market, zoneIndex: zoneIndex, checks: checks)
        let base = try reader.take(SnapshotFormat.zoneSectionFixedBytes)
        if Int(reader.load(at: base, as: UInt16.self)) != zoneIndex {
            throw DecodeError(.invalidValue("zone index"), offset: base)
        }
        if reader.load(at: base + 2, as: UInt16.self) != 0 {
            throw DecodeError(.invalidValue("reserved bytes"), offset: base + 2)
        }
        let expected = SnapshotFormat.fingerprint(of: engine.zone, window: engine.window)
        let found: UInt64 = reader.load(at: base + 4)
        if found != expected { throw DecodeError(.marketMismatch(expected: expected, found: found), offset: base + 4) }
        engine.status = try ByteReader.enumValue(reader.load(at: base + 12), field: "zone status", offset: base + 12)
        engine.eventSequence = reader.load(at: base + 13)
        // No zone gets near 2^63 events; a larger number is damage (and would overflow later).
        if engine.eventSequence > UInt64(Int64.max) { throw DecodeError(.tooLarge("event sequence"), offset: base + 13) }
        engine.commandSequence = reader.load(at: base + 21)

        let traderCount = Int(reader.load(at: base + 29, as: UInt32.self))
        if traderCount > SnapshotFormat.tradersPerZoneMax { throw DecodeError(.tooLarge("trader count"), offset: base + 29) }
        if traderCount > reader.remaining / SnapshotFormat.traderFixedBytes { throw DecodeError(.truncated, offset: reader.offset) }
        engine.traders.reserveCapacity(traderCount)
        var declaredOpenOrders: [Int] = []
        declaredOpenOrders.reserveCapacity(traderCount)
        for _ in 0..<traderCount {
            let position = reader.offset
            var trader = try decodeTrader(from: &reader, zone: engine.zone)
            if !engine.traderIndex.set(UInt64(engine.traders.count), for: UInt64(trader.participant.traderId)) {
                throw DecodeError(.invalidValue("trader id (repeated)"), offset: position)
            }
            declaredOpenOrders.append(trader.openOrders)
            trader.openOrders = 0  // recounted from the books below
            engine.traders.append(trader)
        }

        let bookCount = try reader.readCount(max: SnapshotFormat.booksPerZoneMax, minElementBytes: 16 + SnapshotFormat.orderBytes,
                                             field: "book count")
        var previousInterval: Int64? = nil
        var scratch: [BookOrder] = []
        for _ in 0..<bookCount {
            let intervalPosition = reader.offset
            let interval = try reader.readInt64()
            guard DeliveryInterval.isAligned(interval), previousInterval.map({ $0 < interval }) ?? true else {
                throw DecodeError(.invalidValue("book interval"), offset: intervalPosition)
            }
            previousInterval = interval
            let slot = engine.bookSlot(creating: interval)
            var inBook = 0
            for side in Side.allCases {
                let count = try reader.readCount(max: SnapshotFormat.ordersPerBookMax - inBook,
                                                 minElementBytes: SnapshotFormat.orderBytes, field: "orders in book")
                inBook += count
                scratch.removeAll(keepingCapacity: true)
                scratch.reserveCapacity(count)
                for _ in 0..<count { scratch.append(try decodeOrder(from: &reader, side: side, engine: engine)) }
                try engine.restAll(scratch, side: side, bookSlot: slot, startOffset: reader.offset)
            }
            if inBook == 0 { throw DecodeError(.invalidValue("empty book"), offset: intervalPosition) }
            engine.books[slot].clearTouched()
        }

        if version >= 4 { try engine.decodeAuctions(from: &reader) }
        for (index, declared) in declaredOpenOrders.enumerated() where engine.traders[index].openOrders != declared {
            throw DecodeError(.invalidValue("open order count of trader \(engine.traders[index].participant.traderId)"),
                              offset: reader.offset)
        }
        // Pair assertion on the reading side: whatever passed the field checks must also be a
        // state the engine could have reached.
        if let problem = engine.invariantViolation() {
            throw DecodeError(.invalidValue("zone state (\(problem))"), offset: reader.offset)
        }
        return engine
    }

    /// One trader record and its client-order-id ring, checked against the zone's limits.
    static func decodeTrader(from reader: inout ByteReader, zone: Zone) throws(DecodeError) -> TraderState {
        let base = try reader.take(SnapshotFormat.traderFixedBytes)
        let role: Role = try ByteReader.enumValue(reader.load(at: base + 4), field: "role", offset: base + 4)
        let participant = Participant(traderId: reader.load(at: base), role: role,
                                      zone: Int(reader.load(at: base + 5, as: UInt16.self)),
                                      feeder: Int(reader.load(at: base + 7, as: Int32.self)))
        if role.mayTrade && !(0..<zone.feederCount).contains(participant.feeder) {
            throw DecodeError(.invalidValue("feeder"), offset: base + 7)
        }
        var trader = TraderState(participant: participant)
        trader.openOrders = Int(reader.load(at: base + 11, as: UInt32.self))
        trader.highestClientOrderId = reader.load(at: base + 15)
        trader.hasClientOrderIds = try ByteReader.bool(reader.load(at: base + 23), field: "hasClientOrderIds", offset: base + 23)
        let window = min(zone.limits.clientOrderIdWindow, MarketConfiguration.clientOrderIdWindowLimit)
        let ringCount = Int(reader.load(at: base + 24, as: UInt32.self))
        if ringCount > window { throw DecodeError(.tooLarge("client order id ring"), offset: base + 24) }
        let ringNext = Int(reader.load(at: base + 28, as: UInt32.self))
        // The ring only rotates once full; before that its next slot is 0.
        if ringCount < zone.limits.clientOrderIdWindow ? ringNext != 0 : ringNext >= ringCount {
            throw DecodeError(.invalidValue("ringNext"), offset: base + 28)
        }
        if trader.hasClientOrderIds != (ringCount > 0) || (!trader.hasClientOrderIds && trader.highestClientOrderId != 0) {
            throw DecodeError(.invalidValue("client order id window"), offset: base + 15)
        }
        trader.ringNext = ringNext
        let idsStart = try reader.take(ringCount * 8)
        trader.recentClientOrderIds.reserveCapacity(ringCount)
        for i in 0..<ringCount {
            let id: UInt64 = reader.load(at: idsStart + 8 * i)
            if id > trader.highestClientOrderId {
                throw DecodeError(.invalidValue("client order id above the highest"), offset: idsStart + 8 * i)
            }
            trader.recentClientOrderIds.append(id)
        }
        trader.availableMicros = try reader.readInt64()
        if trader.availableMicros < 0 || (!role.mayTrade && trader.availableMicros != 0) {
            throw DecodeError(.invalidValue("available balance"), offset: reader.offset - 8)
        }
        let requests = Int(try reader.readUInt32())
        if requests > TraderState.walletRequestWindow { throw DecodeError(.tooLarge("wallet requests"), offset: reader.offset - 4) }
        for _ in 0..<requests {
            let requestId = try reader.readUInt64()
            let kind = try reader.readEnum(FundsMovementKind.self, field: "wallet request kind")
            let amount = try reader.readInt64(), after = try reader.readInt64()
            let sequence = try reader.readUInt64(), timestampMs = try reader.readInt64()
            trader.walletRequests.append(FundsMoved(traderId: participant.traderId, requestId: requestId, kind: kind,
                                                    amountMicros: amount, availableAfterMicros: after, sequence: sequence,
                                                    timestampMs: timestampMs))
        }
        return trader
    }

    /// One resting order, checked field by field against its side, its zone and its trader.
    static func decodeOrder(from reader: inout ByteReader, side: Side, engine: ZoneEngine) throws(DecodeError) -> BookOrder {
        typealias R = OrderRecord
        let base = try reader.take(R.bytes)
        func field<T: FixedWidthInteger>(_ offset: Int, _ type: T.Type = T.self) -> T { reader.load(at: base + offset) }
        func invalid(_ name: String, _ offset: Int) -> DecodeError { DecodeError(.invalidValue(name), offset: base + offset) }
        let zone = engine.zone
        let orderSide: Side = try ByteReader.enumValue(field(R.side), field: "order side", offset: base + R.side)
        if orderSide != side { throw invalid("order side", R.side) }
        let state: OrderState = try ByteReader.enumValue(field(R.state), field: "order state", offset: base + R.state)
        if state != .resting && state != .partiallyFilled { throw invalid("order state", R.state) }
        let order = BookOrder(
            orderId: field(R.orderId), priority: field(R.priority), clientOrderId: field(R.clientOrderId),
            priceMicrosPerKWh: field(R.priceMicrosPerKWh), remainingWh: field(R.remainingWh), filledWh: field(R.filledWh),
            traderId: field(R.traderId), feeder: field(R.feeder), substation: field(R.substation), next: -1, prev: -1,
            side: orderSide,
            source: try ByteReader.enumValue(field(R.source), field: "order source", offset: base + R.source),
            acceptedSources: SourceSet(rawValue: field(R.acceptedSources)),
            selfTradePrevention: try ByteReader.enumValue(field(R.selfTradePrevention), field: "order selfTradePrevention",
                                                          offset: base + R.selfTradePrevention),
            state: state,
            cancelOnDisconnect: try ByteReader.bool(field(R.cancelOnDisconnect), field: "order cancelOnDisconnect",
                                                    offset: base + R.cancelOnDisconnect))
        // An order's id is the command that created it, its priority the one that last placed it.
        if order.orderId > order.priority || order.orderId == UInt64.max { throw invalid("order id", R.orderId) }
        if order.priority > engine.commandSequence { throw invalid("order priority", R.priority) }
        // Entry checks bound every resting order: quantity by the zone's order size, price by its band.
        // (Comparisons, not ranges: a range over a misconfigured bound would trap.)
        if order.remainingWh < 1 || order.remainingWh > zone.limits.orderWhMax { throw invalid("order remainingWh", R.remainingWh) }
        if order.filledWh < 0 || order.filledWh > zone.limits.orderWhMax { throw invalid("order filledWh", R.filledWh) }
        if order.priceMicrosPerKWh < zone.priceRules.bandMinMicrosPerKWh || order.priceMicrosPerKWh > zone.priceRules.bandMaxMicrosPerKWh {
            throw invalid("order price", R.priceMicrosPerKWh)
        }
        if !(0..<zone.feederCount).contains(Int(order.feeder)) { throw invalid("order feeder", R.feeder) }
        if zone.substationOfFeeder[Int(order.feeder)] != Int(order.substation) { throw invalid("order substation", R.substation) }
        if engine.traderIndex.value(for: UInt64(order.traderId)) == nil { throw invalid("order trader", R.traderId) }
        return order
    }

    /// Rests one side's orders (given best first) into a book: worst level first, so each new
    /// level lands at the best end of the level array, and FIFO within a level.
    mutating func restAll(_ orders: [BookOrder], side: Side, bookSlot slot: Int, startOffset: Int) throws(DecodeError) {
        var runEnd = orders.count
        while runEnd > 0 {
            let price = orders[runEnd - 1].priceMicrosPerKWh
            var runStart = runEnd - 1
            while runStart > 0 && orders[runStart - 1].priceMicrosPerKWh == price { runStart -= 1 }
            if runStart > 0 {
                // Best first: the level before this one must be strictly better.
                let better = orders[runStart - 1].priceMicrosPerKWh
                if side == .buy ? better < price : better > price {
                    throw DecodeError(.invalidValue("price order of resting orders"), offset: startOffset)
                }
            }
            var levelWh: Int64 = 0
            for order in orders[runStart..<runEnd] {
                let (sum, overflow) = levelWh.addingReportingOverflow(order.remainingWh)
                if overflow { throw DecodeError(.tooLarge("level quantity"), offset: startOffset) }
                levelWh = sum
            }
            for order in orders[runStart..<runEnd] {
                let orderSlot = books[slot].rest(order)
                if !locations.set(UInt64(slot) << 32 | UInt64(UInt32(bitPattern: orderSlot)), for: order.orderId) {
                    throw DecodeError(.invalidValue("order id \(order.orderId) (repeated)"), offset: startOffset)
                }
                traders[Int(traderIndex.value(for: UInt64(order.traderId))!)].openOrders += 1
            }
            runEnd = runStart
        }
    }
}
