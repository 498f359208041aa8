import GreenGridDomain

/// Every message of protocol version 1, one case per type with a struct payload whose fields are the
/// wire fields in wire order (Protocol/protocol.md has a section per message with the same names).
public enum Message: Sendable, Hashable {
    // Session
    case logonRequest(LogonRequest)
    case logonProof(LogonProof)
    case heartbeat(Heartbeat)
    case logout(Logout)
    case challenge(Challenge)
    case logonAccepted(LogonAccepted)
    case logonRejected(LogonRejected)
    case resumeUnavailable(ResumeUnavailable)
    // Order entry
    case newOrder(NewOrder)
    case cancelOrder(CancelOrder)
    case replaceOrder(ReplaceOrder)
    case massCancel(MassCancel)
    case orderStatusRequest(OrderStatusRequest)
    case orderAccepted(OrderAccepted)
    case orderRejected(OrderRejected)
    case fill(Fill)
    case orderCancelled(OrderCancelled)
    case orderExpired(OrderExpired)
    case orderReplaced(OrderReplaced)
    case massCancelDone(MassCancelDone)
    case openOrder(OpenOrder)
    case openOrdersEnd(OpenOrdersEnd)
    case auctionStart(AuctionStart)
    case auctionStop(AuctionStop)
    case auctionAccepted(AuctionAccepted)
    case auctionEnded(AuctionEnded)
    // Market data
    case subscribe(Subscribe)
    case unsubscribe(Unsubscribe)
    case snapshotRequest(SnapshotRequest)
    case replayRequest(ReplayRequest)
    case zoneListRequest(ZoneListRequest)
    case snapshotBegin(SnapshotBegin)
    case snapshotLevel(SnapshotLevel)
    case snapshotEnd(SnapshotEnd)
    case bookUpdate(BookUpdate)
    case tradePrint(TradePrint)
    case intervalStatus(IntervalStatus)
    case zoneStatusUpdate(ZoneStatusUpdate)
    case replayUnavailable(ReplayUnavailable)
    case zoneInfo(ZoneInfo)
    case priceRequest(PriceRequest)
    case priceSubscribe(PriceSubscribe)
    case priceInfo(PriceInfo)
    case auctionUpdate(AuctionUpdate)
    case auctionResult(AuctionResult)
    // Metering
    case meterReadings(MeterReadings)
    case registerMeter(RegisterMeter)
    case zoneEnergySubscribe(ZoneEnergySubscribe)
    case forecastRequest(ForecastRequest)
    case readingsAck(ReadingsAck)
    case meterRegistered(MeterRegistered)
    case meteringRejected(MeteringRejected)
    case zoneEnergy(ZoneEnergy)
    case forecast(Forecast)
    // Wallet
    case balanceRequest(BalanceRequest)
    case depositRequest(DepositRequest)
    case withdrawRequest(WithdrawRequest)
    case historyRequest(HistoryRequest)
    case statementRequest(StatementRequest)
    case balance(Balance)
    case fundsMoved(FundsMoved)
    case walletRejected(WalletRejected)
    case historyEntry(HistoryEntry)
    case historyEnd(HistoryEnd)
    case statementChunk(StatementChunk)
    case statementEnd(StatementEnd)
    // Notifications
    case alertSet(AlertSet)
    case alertDelete(AlertDelete)
    case alertListRequest(AlertListRequest)
    case inboxRequest(InboxRequest)
    case alertAccepted(AlertAccepted)
    case alertRejected(AlertRejected)
    case alertInfo(AlertInfo)
    case alertListEnd(AlertListEnd)
    case notification(Notification)
    case inboxEnd(InboxEnd)
    // Administration and grid operation
    case createUser(CreateUser)
    case setRole(SetRole)
    case haltZone(HaltZone)
    case resumeZone(ResumeZone)
    case userCreated(UserCreated)
    case adminAccepted(AdminAccepted)
    case adminRejected(AdminRejected)
    // Protocol reject
    case protocolReject(ProtocolReject)

    public var type: MessageType {
        switch self {
        case .logonRequest: return .logonRequest
        case .logonProof: return .logonProof
        case .heartbeat: return .heartbeat
        case .logout: return .logout
        case .challenge: return .challenge
        case .logonAccepted: return .logonAccepted
        case .logonRejected: return .logonRejected
        case .resumeUnavailable: return .resumeUnavailable
        case .newOrder: return .newOrder
        case .cancelOrder: return .cancelOrder
        case .replaceOrder: return .replaceOrder
        case .massCancel: return .massCancel
        case .orderAccepted: return .orderAccepted
        case .orderRejected: return .orderRejected
        case .fill: return .fill
        case .orderCancelled: return .orderCancelled
        case .orderExpired: return .orderExpired
        case .orderReplaced: return .orderReplaced
        case .massCancelDone: return .massCancelDone
        case .orderStatusRequest: return .orderStatusRequest
        case .openOrder: return .openOrder
        case .openOrdersEnd: return .openOrdersEnd
        case .auctionStart: return .auctionStart
        case .auctionStop: return .auctionStop
        case .auctionAccepted: return .auctionAccepted
        case .auctionEnded: return .auctionEnded
        case .auctionUpdate: return .auctionUpdate
        case .auctionResult: return .auctionResult
        case .subscribe: return .subscribe
        case .unsubscribe: return .unsubscribe
        case .snapshotRequest: return .snapshotRequest
        case .replayRequest: return .replayRequest
        case .snapshotBegin: return .snapshotBegin
        case .snapshotLevel: return .snapshotLevel
        case .snapshotEnd: return .snapshotEnd
        case .bookUpdate: return .bookUpdate
        case .tradePrint: return .tradePrint
        case .intervalStatus: return .intervalStatus
        case .zoneStatusUpdate: return .zoneStatusUpdate
        case .replayUnavailable: return .replayUnavailable
        case .zoneListRequest: return .zoneListRequest
        case .zoneInfo: return .zoneInfo
        case .priceRequest: return .priceRequest
        case .priceSubscribe: return .priceSubscribe
        case .priceInfo: return .priceInfo
        case .meterReadings: return .meterReadings
        case .registerMeter: return .registerMeter
        case .zoneEnergySubscribe: return .zoneEnergySubscribe
        case .forecastRequest: return .forecastRequest
        case .readingsAck: return .readingsAck
        case .meterRegistered: return .meterRegistered
        case .meteringRejected: return .meteringRejected
        case .zoneEnergy: return .zoneEnergy
        case .forecast: return .forecast
        case .balanceRequest: return .balanceRequest
        case .depositRequest: return .depositRequest
        case .withdrawRequest: return .withdrawRequest
        case .historyRequest: return .historyRequest
        case .statementRequest: return .statementRequest
        case .balance: return .balance
        case .fundsMoved: return .fundsMoved
        case .walletRejected: return .walletRejected
        case .historyEntry: return .historyEntry
        case .historyEnd: return .historyEnd
        case .statementChunk: return .statementChunk
        case .statementEnd: return .statementEnd
        case .alertSet: return .alertSet
        case .alertDelete: return .alertDelete
        case .alertListRequest: return .alertListRequest
        case .inboxRequest: return .inboxRequest
        case .alertAccepted: return .alertAccepted
        case .alertRejected: return .alertRejected
        case .alertInfo: return .alertInfo
        case .alertListEnd: return .alertListEnd
        case .notification: return .notification
        case .inboxEnd: return .inboxEnd
        case .createUser: return .createUser
        case .setRole: return .setRole
        case .haltZone: return .haltZone
        case .resumeZone: return .resumeZone
        case .userCreated: return .userCreated
        case .adminAccepted: return .adminAccepted
        case .adminRejected: return .adminRejected
        case .protocolReject: return .protocolReject
        }
    }

    /// The place of a session-stream message in its session, nil for every other message.
    public var sessionSequence: UInt64? {
        switch self {
        case .orderAccepted(let m): return m.sessionSequence
        case .orderRejected(let m): return m.sessionSequence
        case .fill(let m): return m.sessionSequence
        case .orderCancelled(let m): return m.sessionSequence
        case .orderExpired(let m): return m.sessionSequence
        case .orderReplaced(let m): return m.sessionSequence
        case .massCancelDone(let m): return m.sessionSequence
        case .auctionAccepted(let m): return m.sessionSequence
        case .auctionEnded(let m): return m.sessionSequence
        case .userCreated(let m): return m.sessionSequence
        case .adminAccepted(let m): return m.sessionSequence
        case .adminRejected(let m): return m.sessionSequence
        case .protocolReject(let m): return m.sessionSequence
        default: return nil
        }
    }

    // MARK: Encoding

    /// Appends the whole frame. Every body has one size per type, so the length is written up front
    /// from the type and checked after the body is written (a pair assertion) rather than patched.
    public func encode(into writer: inout ByteWriter) {
        let type = self.type
        let start = writer.count
        writer.write(UInt32(FrameLayout.lengthMin + type.bodyBytes))
        writer.write(type.rawValue)
        writer.write(FrameLayout.version)
        writer.write(FrameLayout.flags)
        encodeBody(into: &writer)
        precondition(writer.count - start == FrameLayout.headerBytes + type.bodyBytes,
                     "encoded \(type.name) body is not its \(type.bodyBytes) bytes")
    }

    /// The frame as bytes: encode an event once and send these same bytes to every subscriber.
    public var frameBytes: [UInt8] {
        var writer = ByteWriter(capacity: FrameLayout.headerBytes + type.bodyBytes)
        encode(into: &writer)
        return writer.takeBytes()
    }

    private func encodeBody(into writer: inout ByteWriter) {
        switch self {
        case .logonRequest(let m): m.encodeBody(into: &writer)
        case .logonProof(let m): m.encodeBody(into: &writer)
        case .heartbeat(let m): m.encodeBody(into: &writer)
        case .logout(let m): m.encodeBody(into: &writer)
        case .challenge(let m): m.encodeBody(into: &writer)
        case .logonAccepted(let m): m.encodeBody(into: &writer)
        case .logonRejected(let m): m.encodeBody(into: &writer)
        case .resumeUnavailable(let m): m.encodeBody(into: &writer)
        case .newOrder(let m): m.encodeBody(into: &writer)
        case .cancelOrder(let m): m.encodeBody(into: &writer)
        case .replaceOrder(let m): m.encodeBody(into: &writer)
        case .massCancel(let m): m.encodeBody(into: &writer)
        case .orderAccepted(let m): m.encodeBody(into: &writer)
        case .orderRejected(let m): m.encodeBody(into: &writer)
        case .fill(let m): m.encodeBody(into: &writer)
        case .orderCancelled(let m): m.encodeBody(into: &writer)
        case .orderExpired(let m): m.encodeBody(into: &writer)
        case .orderReplaced(let m): m.encodeBody(into: &writer)
        case .massCancelDone(let m): m.encodeBody(into: &writer)
        case .orderStatusRequest(let m): m.encodeBody(into: &writer)
        case .openOrder(let m): m.encodeBody(into: &writer)
        case .openOrdersEnd(let m): m.encodeBody(into: &writer)
        case .auctionStart(let m): m.encodeBody(into: &writer)
        case .auctionStop(let m): m.encodeBody(into: &writer)
        case .auctionAccepted(let m): m.encodeBody(into: &writer)
        case .auctionEnded(let m): m.encodeBody(into: &writer)
        case .auctionUpdate(let m): m.encodeBody(into: &writer)
        case .auctionResult(let m): m.encodeBody(into: &writer)
        case .subscribe(let m): m.encodeBody(into: &writer)
        case .unsubscribe(let m): m.encodeBody(into: &writer)
        case .snapshotRequest(let m): m.encodeBody(into: &writer)
        case .replayRequest(let m): m.encodeBody(into: &writer)
        case .snapshotBegin(let m): m.encodeBody(into: &writer)
        case .snapshotLevel(let m): m.encodeBody(into: &writer)
        case .snapshotEnd(let m): m.encodeBody(into: &writer)
        case .bookUpdate(let m): m.encodeBody(into: &writer)
        case .tradePrint(let m): m.encodeBody(into: &writer)
        case .intervalStatus(let m): m.encodeBody(into: &writer)
        case .zoneStatusUpdate(let m): m.encodeBody(into: &writer)
        case .replayUnavailable(let m): m.encodeBody(into: &writer)
        case .zoneListRequest(let m): m.encodeBody(into: &writer)
        case .zoneInfo(let m): m.encodeBody(into: &writer)
        case .priceRequest(let m): m.encodeBody(into: &writer)
        case .priceSubscribe(let m): m.encodeBody(into: &writer)
        case .priceInfo(let m): m.encodeBody(into: &writer)
        case .meterReadings(let m): m.encodeBody(into: &writer)
        case .registerMeter(let m): m.encodeBody(into: &writer)
        case .zoneEnergySubscribe(let m): m.encodeBody(into: &writer)
        case .forecastRequest(let m): m.encodeBody(into: &writer)
        case .readingsAck(let m): m.encodeBody(into: &writer)
        case .meterRegistered(let m): m.encodeBody(into: &writer)
        case .meteringRejected(let m): m.encodeBody(into: &writer)
        case .zoneEnergy(let m): m.encodeBody(into: &writer)
        case .forecast(let m): m.encodeBody(into: &writer)
        case .balanceRequest(let m): m.encodeBody(into: &writer)
        case .depositRequest(let m): m.encodeBody(into: &writer)
        case .withdrawRequest(let m): m.encodeBody(into: &writer)
        case .historyRequest(let m): m.encodeBody(into: &writer)
        case .statementRequest(let m): m.encodeBody(into: &writer)
        case .balance(let m): m.encodeBody(into: &writer)
        case .fundsMoved(let m): m.encodeBody(into: &writer)
        case .walletRejected(let m): m.encodeBody(into: &writer)
        case .historyEntry(let m): m.encodeBody(into: &writer)
        case .historyEnd(let m): m.encodeBody(into: &writer)
        case .statementChunk(let m): m.encodeBody(into: &writer)
        case .statementEnd(let m): m.encodeBody(into: &writer)
        case .alertSet(let m): m.encodeBody(into: &writer)
        case .alertDelete(let m): m.encodeBody(into: &writer)
        case .alertListRequest(let m): m.encodeBody(into: &writer)
        case .inboxRequest(let m): m.encodeBody(into: &writer)
        case .alertAccepted(let m): m.encodeBody(into: &writer)
        case .alertRejected(let m): m.encodeBody(into: &writer)
        case .alertInfo(let m): m.encodeBody(into: &writer)
        case .alertListEnd(let m): m.encodeBody(into: &writer)
        case .notification(let m): m.encodeBody(into: &writer)
        case .inboxEnd(let m): m.encodeBody(into: &writer)
        case .createUser(let m): m.encodeBody(into: &writer)
        case .setRole(let m): m.encodeBody(into: &writer)
        case .haltZone(let m): m.encodeBody(into: &writer)
        case .resumeZone(let m): m.encodeBody(into: &writer)
        case .userCreated(let m): m.encodeBody(into: &writer)
        case .adminAccepted(let m): m.encodeBody(into: &writer)
        case .adminRejected(let m): m.encodeBody(into: &writer)
        case .protocolReject(let m): m.encodeBody(into: &writer)
        }
    }

    // MARK: Decoding

    /// Decodes a frame from `FrameDecoder`, header checks included.
    public static func decode(_ frame: Frame) throws(ProtocolDecodeError) -> Message {
        try decode(type: frame.type, version: frame.version, flags: frame.flags, body: frame.body)
    }

    /// Decodes a body whose header flags were zero.
    public static func decode(type: UInt16, version: UInt8, body: ArraySlice<UInt8>) throws(ProtocolDecodeError) -> Message {
        try decode(type: type, version: version, flags: FrameLayout.flags, body: body)
    }

    /// Checks, in this order, the version (type codes belong to a version), the type, the flags (their
    /// meaning belongs to the version too), the body's exact size, then each field in wire order; the
    /// first failure is the one reported.
    public static func decode(type rawType: UInt16, version: UInt8, flags: UInt8, body: ArraySlice<UInt8>)
        throws(ProtocolDecodeError) -> Message {
        guard version == FrameLayout.version else {
            throw ProtocolDecodeError(.unsupportedVersion, field: "version", frameOffset: FrameLayout.versionOffset)
        }
        guard let type = MessageType(rawValue: rawType) else {
            throw ProtocolDecodeError(.unknownType, field: "type", frameOffset: FrameLayout.typeOffset)
        }
        guard flags == FrameLayout.flags else {
            throw ProtocolDecodeError(.reservedNotZero, field: "flags", frameOffset: FrameLayout.flagsOffset)
        }
        if body.count < type.bodyBytes {
            throw ProtocolDecodeError(.bodyTruncated, field: "body", frameOffset: FrameLayout.headerBytes + body.count)
        }
        if body.count > type.bodyBytes {
            throw ProtocolDecodeError(.bodyTrailingBytes, field: "body", frameOffset: FrameLayout.headerBytes + type.bodyBytes)
        }
        var reader = BodyReader(body)
        let message = try decodeBody(type, from: &reader)
        // Pair assertion: the fields read are exactly the size the type declares.
        precondition(reader.isAtEnd, "decoded \(type.name) body is not its \(type.bodyBytes) bytes")
        return message
    }

    private static func decodeBody(_ type: MessageType, from r: inout BodyReader) throws(ProtocolDecodeError) -> Message {
        switch type {
        case .logonRequest: return .logonRequest(try LogonRequest(decoding: &r))
        case .logonProof: return .logonProof(try LogonProof(decoding: &r))
        case .heartbeat: return .heartbeat(try Heartbeat(decoding: &r))
        case .logout: return .logout(try Logout(decoding: &r))
        case .challenge: return .challenge(try Challenge(decoding: &r))
        case .logonAccepted: return .logonAccepted(try LogonAccepted(decoding: &r))
        case .logonRejected: return .logonRejected(try LogonRejected(decoding: &r))
        case .resumeUnavailable: return .resumeUnavailable(try ResumeUnavailable(decoding: &r))
        case .newOrder: return .newOrder(try NewOrder(decoding: &r))
        case .cancelOrder: return .cancelOrder(try CancelOrder(decoding: &r))
        case .replaceOrder: return .replaceOrder(try ReplaceOrder(decoding: &r))
        case .massCancel: return .massCancel(try MassCancel(decoding: &r))
        case .orderAccepted: return .orderAccepted(try OrderAccepted(decoding: &r))
        case .orderRejected: return .orderRejected(try OrderRejected(decoding: &r))
        case .fill: return .fill(try Fill(decoding: &r))
        case .orderCancelled: return .orderCancelled(try OrderCancelled(decoding: &r))
        case .orderExpired: return .orderExpired(try OrderExpired(decoding: &r))
        case .orderReplaced: return .orderReplaced(try OrderReplaced(decoding: &r))
        case .massCancelDone: return .massCancelDone(try MassCancelDone(decoding: &r))
        case .orderStatusRequest: return .orderStatusRequest(try OrderStatusRequest(decoding: &r))
        case .openOrder: return .openOrder(try OpenOrder(decoding: &r))
        case .openOrdersEnd: return .openOrdersEnd(try OpenOrdersEnd(decoding: &r))
        case .auctionStart: return .auctionStart(try AuctionStart(decoding: &r))
        case .auctionStop: return .auctionStop(try AuctionStop(decoding: &r))
        case .auctionAccepted: return .auctionAccepted(try AuctionAccepted(decoding: &r))
        case .auctionEnded: return .auctionEnded(try AuctionEnded(decoding: &r))
        case .auctionUpdate: return .auctionUpdate(try AuctionUpdate(decoding: &r))
        case .auctionResult: return .auctionResult(try AuctionResult(decoding: &r))
        case .subscribe: return .subscribe(try Subscribe(decoding: &r))
        case .unsubscribe: return .unsubscribe(try Unsubscribe(decoding: &r))
        case .snapshotRequest: return .snapshotRequest(try SnapshotRequest(decoding: &r))
        case .replayRequest: return .replayRequest(try ReplayRequest(decoding: &r))
        case .snapshotBegin: return .snapshotBegin(try SnapshotBegin(decoding: &r))
        case .snapshotLevel: return .snapshotLevel(try SnapshotLevel(decoding: &r))
        case .snapshotEnd: return .snapshotEnd(try SnapshotEnd(decoding: &r))
        case .bookUpdate: return .bookUpdate(try BookUpdate(decoding: &r))
        case .tradePrint: return .tradePrint(try TradePrint(decoding: &r))
        case .intervalStatus: return .intervalStatus(try IntervalStatus(decoding: &r))
        case .zoneStatusUpdate: return .zoneStatusUpdate(try ZoneStatusUpdate(decoding: &r))
        case .replayUnavailable: return .replayUnavailable(try ReplayUnavailable(decoding: &r))
        case .zoneListRequest: return .zoneListRequest(try ZoneListRequest(decoding: &r))
        case .zoneInfo: return .zoneInfo(try ZoneInfo(decoding: &r))
        case .priceRequest: return .priceRequest(try PriceRequest(decoding: &r))
        case .priceSubscribe: return .priceSubscribe(try PriceSubscribe(decoding: &r))
        case .priceInfo: return .priceInfo(try PriceInfo(decoding: &r))
        case .meterReadings: return .meterReadings(try MeterReadings(decoding: &r))
        case .registerMeter: return .registerMeter(try RegisterMeter(decoding: &r))
        case .zoneEnergySubscribe: return .zoneEnergySubscribe(try ZoneEnergySubscribe(decoding: &r))
        case .forecastRequest: return .forecastRequest(try ForecastRequest(decoding: &r))
        case .readingsAck: return .readingsAck(try ReadingsAck(decoding: &r))
        case .meterRegistered: return .meterRegistered(try MeterRegistered(decoding: &r))
        case .meteringRejected: return .meteringRejected(try MeteringRejected(decoding: &r))
        case .zoneEnergy: return .zoneEnergy(try ZoneEnergy(decoding: &r))
        case .forecast: return .forecast(try Forecast(decoding: &r))
        case .balanceRequest: return .balanceRequest(try BalanceRequest(decoding: &r))
        case .depositRequest: return .depositRequest(try DepositRequest(decoding: &r))
        case .withdrawRequest: return .withdrawRequest(try WithdrawRequest(decoding: &r))
        case .historyRequest: return .historyRequest(try HistoryRequest(decoding: &r))
        case .statementRequest: return .statementRequest(try StatementRequest(decoding: &r))
        case .balance: return .balance(try Balance(decoding: &r))
        case .fundsMoved: return .fundsMoved(try FundsMoved(decoding: &r))
        case .walletRejected: return .walletRejected(try WalletRejected(decoding: &r))
        case .historyEntry: return .historyEntry(try HistoryEntry(decoding: &r))
        case .historyEnd: return .historyEnd(try HistoryEnd(decoding: &r))
        case .statementChunk: return .statementChunk(try StatementChunk(decoding: &r))
        case .statementEnd: return .statementEnd(try StatementEnd(decoding: &r))
        case .alertSet: return .alertSet(try AlertSet(decoding: &r))
        case .alertDelete: return .alertDelete(try AlertDelete(decoding: &r))
        case .alertListRequest: return .alertListRequest(try AlertListRequest(decoding: &r))
        case .inboxRequest: return .inboxRequest(try InboxRequest(decoding: &r))
        case .alertAccepted: return .alertAccepted(try AlertAccepted(decoding: &r))
        case .alertRejected: return .alertRejected(try AlertRejected(decoding: &r))
        case .alertInfo: return .alertInfo(try AlertInfo(decoding: &r))
        case .alertListEnd: return .alertListEnd(try AlertListEnd(decoding: &r))
        case .notification: return .notification(try Notification(decoding: &r))
        case .inboxEnd: return .inboxEnd(try InboxEnd(decoding: &r))
        case .createUser: return .createUser(try CreateUser(decoding: &r))
        case .setRole: return .setRole(try SetRole(decoding: &r))
        case .haltZone: return .haltZone(try HaltZone(decoding: &r))
        case .resumeZone: return .resumeZone(try ResumeZone(decoding: &r))
        case .userCreated: return .userCreated(try UserCreated(decoding: &r))
        case .adminAccepted: return .adminAccepted(try AdminAccepted(decoding: &r))
        case .adminRejected: return .adminRejected(try AdminRejected(decoding: &r))
        case .protocolReject: return .protocolReject(try ProtocolReject(decoding: &r))
        }
    }
}

/// A payload's two halves of one layout: written field by field in wire order, read back the same way.
protocol MessageBody: Sendable, Hashable {
    func encodeBody(into writer: inout ByteWriter)
    init(decoding reader: inout BodyReader) throws(ProtocolDecodeError)
}
