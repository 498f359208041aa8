/// Journal record types. The codes are stable on disk: never renumber, only add.
///
/// - 1...31: trading and wallet commands (15...31 reserved for later ones).
/// - 32...63: metering (33...63 reserved).
/// - 64...95: ledger (reserved).
/// - 96...127: administration (reserved).
/// - 128...255: not commands (the journal's own records, such as the batch seal).
public enum CommandType: UInt8, Sendable, Hashable, CaseIterable {
    case registerParticipant = 1
    case newOrder = 2
    case cancel = 3
    case replace = 4
    case halt = 5
    case resume = 6
    case closeGate = 7
    case setRole = 8
    case deposit = 9
    case withdraw = 10
    case settleInterval = 11
    case startAuction = 12
    case auctionClock = 13
    case stopAuction = 14
    case intervalReading = 32

    public static let tradingCodes: ClosedRange<UInt8> = 1...31
    public static let meteringCodes: ClosedRange<UInt8> = 32...63
    public static let ledgerCodes: ClosedRange<UInt8> = 64...95
    public static let adminCodes: ClosedRange<UInt8> = 96...127

    /// The whole body's size: every command type has one fixed layout.
    public var bodyBytes: Int {
        switch self {
        case .registerParticipant: return CommandLayout.RegisterParticipant.bodyBytes
        case .newOrder: return CommandLayout.NewOrder.bodyBytes
        case .cancel: return CommandLayout.Cancel.bodyBytes
        case .replace: return CommandLayout.Replace.bodyBytes
        case .halt: return CommandLayout.Halt.bodyBytes
        case .resume: return CommandLayout.Resume.bodyBytes
        case .closeGate: return CommandLayout.CloseGate.bodyBytes
        case .setRole: return CommandLayout.SetRole.bodyBytes
        case .deposit, .withdraw: return CommandLayout.Wallet.bodyBytes
        case .settleInterval: return CommandLayout.SettleInterval.bodyBytes
        case .intervalReading: return CommandLayout.IntervalReading.bodyBytes
        case .startAuction: return CommandLayout.StartAuction.bodyBytes
        case .auctionClock: return CommandLayout.AuctionClock.bodyBytes
        case .stopAuction: return CommandLayout.StopAuction.bodyBytes
        }
    }
}

/// Byte offsets of every field of a journal record body (see Protocol/journal-bodies.md).
///
/// ```
///  0                 8                 16   17
///  +-----------------+-----------------+----+---------------------------
///  | sequence  u64   | timestampMs i64 |type| the type's fields …
///  +-----------------+-----------------+----+---------------------------
/// ```
/// All integers little-endian; enums are their raw values; bools are 0 or 1; zones are u16,
/// feeders i32. Each type has exactly one size, so a body is checked for length once.
public enum CommandLayout {
    public static let sequence = 0
    public static let timestampMs = 8
    public static let type = 16
    public static let headerBytes = 17

    public enum RegisterParticipant {
        public static let traderId = 17
        public static let role = 21
        public static let zone = 22
        public static let feeder = 24
        public static let bodyBytes = 28
    }

    public enum NewOrder {
        public static let traderId = 17
        public static let clientOrderId = 21
        public static let zone = 29
        public static let intervalStartMs = 31
        public static let side = 39
        public static let quantityWh = 40
        public static let priceMicrosPerKWh = 48
        public static let timeInForce = 56
        public static let source = 57
        public static let acceptedSources = 58
        public static let selfTradePrevention = 59
        public static let cancelOnDisconnect = 60
        public static let bodyBytes = 61
    }

    public enum Cancel {
        public static let traderId = 17
        public static let zone = 21
        public static let orderId = 23
        public static let reason = 31
        public static let bodyBytes = 32
    }

    public enum Replace {
        public static let traderId = 17
        public static let zone = 21
        public static let orderId = 23
        public static let side = 31
        public static let intervalStartMs = 32
        public static let quantityWh = 40
        public static let priceMicrosPerKWh = 48
        public static let bodyBytes = 56
    }

    public enum Halt {
        public static let operatorId = 17
        public static let zone = 21
        public static let cancelResting = 23
        public static let bodyBytes = 24
    }

    public enum Resume {
        public static let operatorId = 17
        public static let zone = 21
        public static let bodyBytes = 23
    }

    public enum CloseGate {
        public static let intervalStartMs = 17
        public static let bodyBytes = 25
    }

    public enum SetRole {
        public static let traderId = 17
        public static let zone = 21
        public static let role = 23
        public static let bodyBytes = 24
    }

    /// Deposit and withdraw share one layout.
    public enum Wallet {
        public static let traderId = 17
        public static let zone = 21
        public static let requestId = 23
        public static let amountMicros = 31
        public static let bodyBytes = 39
    }

    public enum SettleInterval {
        public static let intervalStartMs = 17
        public static let bodyBytes = 25
    }

    public enum IntervalReading {
        public static let traderId = 17
        public static let intervalStartMs = 21
        public static let exportWh = 29
        public static let importWh = 37
        public static let bodyBytes = 45
    }

    public enum StartAuction {
        public static let requesterId = 17
        public static let sellerId = 21
        public static let clientOrderId = 25
        public static let zone = 33
        public static let intervalStartMs = 35
        public static let quantityWh = 43
        public static let startPriceMicrosPerKWh = 51
        public static let floorPriceMicrosPerKWh = 59
        public static let stepMicrosPerKWh = 67
        public static let stepIntervalMs = 75
        public static let unsoldAtFloor = 83
        public static let source = 84
        public static let byZone = 85
        public static let bodyBytes = 86
    }

    public enum AuctionClock {
        public static let zone = 17
        public static let bodyBytes = 19
    }

    public enum StopAuction {
        public static let requesterId = 17
        public static let zone = 21
        public static let auctionId = 23
        public static let bodyBytes = 31
    }

    /// The largest body of any command type.
    public static let bodyBytesMax = 86
}

extension Command {
    public var commandType: CommandType {
        switch self {
        case .registerParticipant: return .registerParticipant
        case .newOrder: return .newOrder
        case .cancel: return .cancel
        case .replace: return .replace
        case .halt: return .halt
        case .resume: return .resume
        case .closeGate: return .closeGate
        case .setRole: return .setRole
        case .deposit: return .deposit
        case .withdraw: return .withdraw
        case .settleInterval: return .settleInterval
        case .intervalReading: return .intervalReading
        case .startAuction: return .startAuction
        case .auctionClock: return .auctionClock
        case .stopAuction: return .stopAuction
        }
    }

    /// Whether every field fits its journal width: zones in 0...65,535 and feeders in Int32.
    /// The sequencer must refuse a command that does not, since `encode` treats it as a bug.
    public var fitsJournalLayout: Bool {
        func fitsZone(_ zone: ZoneIndex) -> Bool { zone >= 0 && zone <= Int(UInt16.max) }
        switch self {
        case .registerParticipant(let p): return fitsZone(p.zone) && Int32(exactly: p.feeder) != nil
        case .newOrder(let o): return fitsZone(o.zone)
        case .cancel(_, let zone, _, _), .halt(_, let zone, _), .resume(_, let zone), .setRole(_, let zone, _): return fitsZone(zone)
        case .replace(let r): return fitsZone(r.zone)
        case .startAuction(let start): return fitsZone(start.zone)
        case .auctionClock(let zone), .stopAuction(_, let zone, _): return fitsZone(zone)
        case .deposit(let request), .withdraw(let request): return fitsZone(request.zone)
        case .closeGate, .settleInterval, .intervalReading: return true
        }
    }
}

extension SequencedCommand {
    /// The journal record type of this command.
    public var typeCode: UInt8 { command.commandType.rawValue }

    /// Appends the record body: exactly `command.commandType.bodyBytes` bytes.
    public func encode(into writer: inout ByteWriter) {
        precondition(command.fitsJournalLayout, "command \(command) does not fit the journal layout")
        let start = writer.count
        writer.write(sequence)
        writer.write(timestampMs)
        writer.write(typeCode)
        switch command {
        case .registerParticipant(let p):
            writer.write(p.traderId)
            writer.write(p.role.rawValue)
            writer.write(UInt16(p.zone))
            writer.write(Int32(p.feeder))
        case .newOrder(let o):
            writer.write(o.traderId)
            writer.write(o.clientOrderId)
            writer.write(UInt16(o.zone))
            writer.write(o.intervalStartMs)
            writer.write(o.side.rawValue)
            writer.write(o.quantityWh)
            writer.write(o.priceMicrosPerKWh)
            writer.write(o.timeInForce.rawValue)
            writer.write(o.source.rawValue)
            writer.write(o.acceptedSources.rawValue)
            writer.write(o.selfTradePrevention.rawValue)
            writer.write(o.cancelOnDisconnect)
        case .cancel(let traderId, let zone, let orderId, let reason):
            writer.write(traderId)
            writer.write(UInt16(zone))
            writer.write(orderId)
            writer.write(reason.rawValue)
        case .replace(let r):
            writer.write(r.traderId)
            writer.write(UInt16(r.zone))
            writer.write(r.orderId)
            writer.write(r.side.rawValue)
            writer.write(r.intervalStartMs)
            writer.write(r.quantityWh)
            writer.write(r.priceMicrosPerKWh)
        case .halt(let operatorId, let zone, let cancelResting):
            writer.write(operatorId)
            writer.write(UInt16(zone))
            writer.write(cancelResting)
        case .resume(let operatorId, let zone):
            writer.write(operatorId)
            writer.write(UInt16(zone))
        case .closeGate(let intervalStartMs):
            writer.write(intervalStartMs)
        case .setRole(let traderId, let zone, let role):
            writer.write(traderId)
            writer.write(UInt16(zone))
            writer.write(role.rawValue)
        case .deposit(let request), .withdraw(let request):
            writer.write(request.traderId)
            writer.write(UInt16(request.zone))
            writer.write(request.requestId)
            writer.write(request.amountMicros)
        case .settleInterval(let intervalStartMs):
            writer.write(intervalStartMs)
        case .intervalReading(let reading):
            writer.write(reading.traderId)
            writer.write(reading.intervalStartMs)
            writer.write(reading.exportWh)
            writer.write(reading.importWh)
        case .startAuction(let a):
            writer.write(a.requesterId)
            writer.write(a.sellerId)
            writer.write(a.clientOrderId)
            writer.write(UInt16(a.zone))
            writer.write(a.intervalStartMs)
            writer.write(a.quantityWh)
            writer.write(a.startPriceMicrosPerKWh)
            writer.write(a.floorPriceMicrosPerKWh)
            writer.write(a.stepMicrosPerKWh)
            writer.write(a.stepIntervalMs)
            writer.write(a.unsoldAtFloor.rawValue)
            writer.write(a.source.rawValue)
            writer.write(a.byZone)
        case .auctionClock(let zone):
            writer.write(UInt16(zone))
        case .stopAuction(let requesterId, let zone, let auctionId):
            writer.write(requesterId)
            writer.write(UInt16(zone))
            writer.write(auctionId)
        }
        // Pair assertion: what was written is the layout the reader expects.
        assert(writer.count - start == command.commandType.bodyBytes, "encoded \(command.commandType) body has the wrong size")
    }

    /// Decodes one whole record body; anything but exactly one valid body throws.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> SequencedCommand {
        let base = try reader.take(CommandLayout.headerBytes)
        let sequence: UInt64 = reader.load(at: base + CommandLayout.sequence)
        let timestampMs: Int64 = reader.load(at: base + CommandLayout.timestampMs)
        let typePosition = base + CommandLayout.type
        guard let type = CommandType(rawValue: reader.load(at: typePosition)) else {
            throw DecodeError(.invalidValue("command type"), offset: typePosition)
        }
        _ = try reader.take(type.bodyBytes - CommandLayout.headerBytes)
        try reader.expectEnd()
        let command = try decodeFields(type, reader: reader, base: base)
        return SequencedCommand(sequence: sequence, timestampMs: timestampMs, command: command)
    }

    /// The fields of a body whose bytes `base..<base + type.bodyBytes` were already claimed.
    @inline(__always)
    static func decodeFields(_ type: CommandType, reader: ByteReader, base: Int) throws(DecodeError) -> Command {
        func u8(_ offset: Int) -> UInt8 { reader.load(at: base + offset) }
        func u16(_ offset: Int) -> UInt16 { reader.load(at: base + offset) }
        func u32(_ offset: Int) -> UInt32 { reader.load(at: base + offset) }
        func u64(_ offset: Int) -> UInt64 { reader.load(at: base + offset) }
        func i32(_ offset: Int) -> Int32 { reader.load(at: base + offset) }
        func i64(_ offset: Int) -> Int64 { reader.load(at: base + offset) }
        func value<T: RawRepresentable>(_ offset: Int, _ field: String) throws(DecodeError) -> T where T.RawValue == UInt8 {
            try ByteReader.enumValue(u8(offset), field: field, offset: base + offset)
        }
        switch type {
        case .registerParticipant:
            typealias L = CommandLayout.RegisterParticipant
            let role: Role = try value(L.role, "role")
            return .registerParticipant(Participant(traderId: u32(L.traderId), role: role, zone: Int(u16(L.zone)),
                                                    feeder: Int(i32(L.feeder))))
        case .newOrder:
            typealias L = CommandLayout.NewOrder
            let side: Side = try value(L.side, "side")
            let timeInForce: TimeInForce = try value(L.timeInForce, "timeInForce")
            let source: EnergySource = try value(L.source, "source")
            let selfTradePrevention: SelfTradePrevention = try value(L.selfTradePrevention, "selfTradePrevention")
            let cancelOnDisconnect = try ByteReader.bool(u8(L.cancelOnDisconnect), field: "cancelOnDisconnect",
                                                         offset: base + L.cancelOnDisconnect)
            return .newOrder(NewOrder(
                traderId: u32(L.traderId), clientOrderId: u64(L.clientOrderId), zone: Int(u16(L.zone)),
                intervalStartMs: i64(L.intervalStartMs), side: side, quantityWh: i64(L.quantityWh),
                priceMicrosPerKWh: i64(L.priceMicrosPerKWh), timeInForce: timeInForce, source: source,
                acceptedSources: SourceSet(rawValue: u8(L.acceptedSources)), selfTradePrevention: selfTradePrevention,
                cancelOnDisconnect: cancelOnDisconnect))
        case .cancel:
            typealias L = CommandLayout.Cancel
            let reason: CancelReason = try value(L.reason, "reason")
            guard reason.isRequestable else { throw DecodeError(.invalidValue("reason"), offset: base + L.reason) }
            return .cancel(traderId: u32(L.traderId), zone: Int(u16(L.zone)), orderId: u64(L.orderId), reason: reason)
        case .replace:
            typealias L = CommandLayout.Replace
            let side: Side = try value(L.side, "side")
            return .replace(ReplaceOrder(
                traderId: u32(L.traderId), zone: Int(u16(L.zone)), orderId: u64(L.orderId), side: side,
                intervalStartMs: i64(L.intervalStartMs), quantityWh: i64(L.quantityWh),
                priceMicrosPerKWh: i64(L.priceMicrosPerKWh)))
        case .halt:
            typealias L = CommandLayout.Halt
            let cancelResting = try ByteReader.bool(u8(L.cancelResting), field: "cancelResting", offset: base + L.cancelResting)
            return .halt(operatorId: u32(L.operatorId), zone: Int(u16(L.zone)), cancelResting: cancelResting)
        case .resume:
            typealias L = CommandLayout.Resume
            return .resume(operatorId: u32(L.operatorId), zone: Int(u16(L.zone)))
        case .closeGate:
            return .closeGate(intervalStartMs: i64(CommandLayout.CloseGate.intervalStartMs))
        case .setRole:
            typealias L = CommandLayout.SetRole
            let role: Role = try value(L.role, "role")
            return .setRole(traderId: u32(L.traderId), zone: Int(u16(L.zone)), role: role)
        case .deposit, .withdraw:
            typealias L = CommandLayout.Wallet
            let request = WalletRequest(traderId: u32(L.traderId), zone: Int(u16(L.zone)), requestId: u64(L.requestId),
                                        amountMicros: i64(L.amountMicros))
            return type == .deposit ? .deposit(request) : .withdraw(request)
        case .settleInterval:
            return .settleInterval(intervalStartMs: i64(CommandLayout.SettleInterval.intervalStartMs))
        case .intervalReading:
            typealias L = CommandLayout.IntervalReading
            return .intervalReading(IntervalReading(traderId: u32(L.traderId), intervalStartMs: i64(L.intervalStartMs),
                                                    exportWh: i64(L.exportWh), importWh: i64(L.importWh)))
        case .startAuction:
            typealias L = CommandLayout.StartAuction
            let unsold: UnsoldPolicy = try value(L.unsoldAtFloor, "unsoldAtFloor")
            let source: EnergySource = try value(L.source, "source")
            let byZone = try ByteReader.bool(u8(L.byZone), field: "byZone", offset: base + L.byZone)
            return .startAuction(GreenGridDomain.StartAuction(
                requesterId: u32(L.requesterId), sellerId: u32(L.sellerId), clientOrderId: u64(L.clientOrderId), zone: Int(u16(L.zone)),
                intervalStartMs: i64(L.intervalStartMs), quantityWh: i64(L.quantityWh),
                startPriceMicrosPerKWh: i64(L.startPriceMicrosPerKWh), floorPriceMicrosPerKWh: i64(L.floorPriceMicrosPerKWh),
                stepMicrosPerKWh: i64(L.stepMicrosPerKWh), stepIntervalMs: i64(L.stepIntervalMs), unsoldAtFloor: unsold,
                source: source, byZone: byZone))
        case .auctionClock:
            return .auctionClock(zone: Int(u16(CommandLayout.AuctionClock.zone)))
        case .stopAuction:
            typealias L = CommandLayout.StopAuction
            return .stopAuction(requesterId: u32(L.requesterId), zone: Int(u16(L.zone)), auctionId: u64(L.auctionId))
        }
    }
}
