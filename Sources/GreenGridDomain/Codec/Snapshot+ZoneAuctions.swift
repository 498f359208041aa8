/// The running auctions of a zone's snapshot section (format 4): a count u32, then one
/// 111-byte record per auction in start order. Ended auctions are never stored.
extension ZoneEngine {
    /// Byte offsets inside one auction record.
    enum AuctionRecord {
        static let auctionId = 0
        static let sellerId = 8
        static let clientOrderId = 12
        static let intervalStartMs = 20
        static let quantityWh = 28
        static let startPriceMicrosPerKWh = 36
        static let floorPriceMicrosPerKWh = 44
        static let stepMicrosPerKWh = 52
        static let stepIntervalMs = 60
        static let startedAtMs = 68
        static let currentPriceMicrosPerKWh = 76
        static let remainingWh = 84
        static let nextStepMs = 92
        static let stepsTaken = 100
        static let unsoldAtFloor = 108
        static let source = 109
        static let byZone = 110
        static let bytes = 111
    }

    func encodeAuctions(into writer: inout ByteWriter) {
        precondition(auctions.count <= AuctionRules.runningPerZoneMax, "more auctions than a zone may run")
        writer.write(UInt32(auctions.count))
        for running in auctions {
            let start = writer.count
            let auction = running.auction
            writer.write(auction.id)
            writer.write(running.sellerId)
            writer.write(running.clientOrderId)
            writer.write(auction.intervalStartMs)
            writer.write(auction.quantityWh)
            writer.write(auction.startPriceMicrosPerKWh)
            writer.write(auction.floorPriceMicrosPerKWh)
            writer.write(auction.stepMicrosPerKWh)
            writer.write(auction.stepIntervalMs)
            writer.write(auction.startedAtMs)
            writer.write(auction.currentPriceMicrosPerKWh)
            writer.write(auction.remainingWh)
            writer.write(auction.nextStepMs)
            writer.write(auction.stepsTaken)
            writer.write(auction.unsoldAtFloor.rawValue)
            writer.write(running.source.rawValue)
            writer.write(running.byZone)
            assert(writer.count - start == AuctionRecord.bytes, "auction record has the wrong size")
        }
    }

    /// Reads the auctions and checks each against the zone: its seller, its rules and the pure
    /// auction's own invariants. Damaged bytes throw, they never trap.
    mutating func decodeAuctions(from reader: inout ByteReader) throws(DecodeError) {
        typealias R = AuctionRecord
        let count = try reader.readCount(max: AuctionRules.runningPerZoneMax, minElementBytes: R.bytes, field: "auction count")
        var previousId: AuctionId = 0
        for _ in 0..<count {
            let base = try reader.take(R.bytes)
            func i64(_ offset: Int) -> Int64 { reader.load(at: base + offset) }
            func invalid(_ name: String, _ offset: Int) -> DecodeError { DecodeError(.invalidValue(name), offset: base + offset) }
            let id: AuctionId = reader.load(at: base + R.auctionId)
            if id <= previousId || id > commandSequence { throw invalid("auction id", R.auctionId) }
            previousId = id
            let sellerId: TraderId = reader.load(at: base + R.sellerId)
            guard let seller = trader(sellerId), seller.participant.role.maySubmit(.sell) else { throw invalid("auction seller", R.sellerId) }
            let unsold: UnsoldPolicy = try ByteReader.enumValue(reader.load(at: base + R.unsoldAtFloor), field: "unsoldAtFloor",
                                                                offset: base + R.unsoldAtFloor)
            let source: EnergySource = try ByteReader.enumValue(reader.load(at: base + R.source), field: "auction source",
                                                                offset: base + R.source)
            let byZone = try ByteReader.bool(reader.load(at: base + R.byZone), field: "byZone", offset: base + R.byZone)
            let spec = DutchAuctionSpec(
                id: id, initiator: byZone ? .zone : .seller(sellerId), zone: zoneIndex, intervalStartMs: i64(R.intervalStartMs),
                quantityWh: i64(R.quantityWh), startPriceMicrosPerKWh: i64(R.startPriceMicrosPerKWh),
                floorPriceMicrosPerKWh: i64(R.floorPriceMicrosPerKWh), stepMicrosPerKWh: i64(R.stepMicrosPerKWh),
                stepIntervalMs: i64(R.stepIntervalMs), unsoldAtFloor: unsold)
            // What `validate` checked at the start, short of the time (the interval has moved on).
            let rules = zone.priceRules
            guard spec.quantityWh > 0 && spec.quantityWh <= zone.limits.orderWhMax else { throw invalid("auction quantityWh", R.quantityWh) }
            guard spec.stepMicrosPerKWh > 0, spec.floorPriceMicrosPerKWh <= spec.startPriceMicrosPerKWh,
                  spec.floorPriceMicrosPerKWh >= rules.bandMinMicrosPerKWh, spec.startPriceMicrosPerKWh <= rules.bandMaxMicrosPerKWh,
                  let steps = spec.stepsToFloor, steps <= AuctionRules.stepsMax,
                  (AuctionRules.stepIntervalMsMin...AuctionRules.stepIntervalMsMax).contains(spec.stepIntervalMs),
                  DeliveryInterval.isAligned(spec.intervalStartMs)
            else { throw invalid("auction schedule", R.startPriceMicrosPerKWh) }
            var auction = DutchAuction(validated: spec, startedAtMs: i64(R.startedAtMs))
            auction.currentPriceMicrosPerKWh = i64(R.currentPriceMicrosPerKWh)
            auction.remainingWh = i64(R.remainingWh)
            auction.nextStepMs = i64(R.nextStepMs)
            auction.stepsTaken = i64(R.stepsTaken)
            if auction.remainingWh <= 0 { throw invalid("auction remainingWh", R.remainingWh) }
            if let problem = auction.invariantViolation() { throw invalid("auction state (\(problem))", R.currentPriceMicrosPerKWh) }
            auctions.append(ZoneAuction(auction: auction, sellerId: sellerId, clientOrderId: reader.load(at: base + R.clientOrderId),
                                        source: source, byZone: byZone))
        }
    }
}
