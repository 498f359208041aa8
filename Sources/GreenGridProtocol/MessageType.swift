/// Every message type of version 1 with its code, direction and one body size. Codes are stable:
/// never renumber, only add (in a later version).
///
/// Within each family, low bytes 0x01–0x7F are messages a client may send (Heartbeat and Logout go
/// both ways) and 0x81–0xFF are messages only the server sends.
public enum MessageType: UInt16, Sendable, Hashable, CaseIterable {
    // Session
    case logonRequest = 0x0001
    case logonProof = 0x0002
    case heartbeat = 0x0003
    case logout = 0x0004
    case challenge = 0x0081
    case logonAccepted = 0x0082
    case logonRejected = 0x0083
    case resumeUnavailable = 0x0084
    // Order entry
    case newOrder = 0x0101
    case cancelOrder = 0x0102
    case replaceOrder = 0x0103
    case massCancel = 0x0104
    case orderStatusRequest = 0x0105
    case auctionStart = 0x0106
    case auctionStop = 0x0107
    case orderAccepted = 0x0181
    case orderRejected = 0x0182
    case fill = 0x0183
    case orderCancelled = 0x0184
    case orderExpired = 0x0185
    case orderReplaced = 0x0186
    case massCancelDone = 0x0187
    case openOrder = 0x0188
    case openOrdersEnd = 0x0189
    case auctionAccepted = 0x018A
    case auctionEnded = 0x018B
    // Market data
    case subscribe = 0x0201
    case unsubscribe = 0x0202
    case snapshotRequest = 0x0203
    case replayRequest = 0x0204
    case zoneListRequest = 0x0205
    case priceRequest = 0x0206
    case priceSubscribe = 0x0207
    case snapshotBegin = 0x0281
    case snapshotLevel = 0x0282
    case snapshotEnd = 0x0283
    case bookUpdate = 0x0284
    case tradePrint = 0x0285
    case intervalStatus = 0x0286
    case zoneStatusUpdate = 0x0287
    case replayUnavailable = 0x0288
    case zoneInfo = 0x0289
    case priceInfo = 0x028A
    case auctionUpdate = 0x028B
    case auctionResult = 0x028C
    // Metering
    case meterReadings = 0x0301
    case registerMeter = 0x0302
    case zoneEnergySubscribe = 0x0303
    case forecastRequest = 0x0304
    case readingsAck = 0x0381
    case meterRegistered = 0x0382
    case meteringRejected = 0x0383
    case zoneEnergy = 0x0384
    case forecast = 0x0385
    // Wallet
    case balanceRequest = 0x0401
    case depositRequest = 0x0402
    case withdrawRequest = 0x0403
    case historyRequest = 0x0404
    case statementRequest = 0x0405
    case balance = 0x0481
    case fundsMoved = 0x0482
    case walletRejected = 0x0483
    case historyEntry = 0x0484
    case historyEnd = 0x0485
    case statementChunk = 0x0486
    case statementEnd = 0x0487
    // Notifications
    case alertSet = 0x0501
    case alertDelete = 0x0502
    case alertListRequest = 0x0503
    case inboxRequest = 0x0504
    case alertAccepted = 0x0581
    case alertRejected = 0x0582
    case alertInfo = 0x0583
    case alertListEnd = 0x0584
    case notification = 0x0585
    case inboxEnd = 0x0586
    // Administration and grid operation
    case createUser = 0x0601
    case setRole = 0x0602
    case haltZone = 0x0603
    case resumeZone = 0x0604
    case userCreated = 0x0681
    case adminAccepted = 0x0682
    case adminRejected = 0x0683
    // Protocol reject
    case protocolReject = 0x0F00

    /// Who may send a message, so a server can refuse a client that sends what only it may send.
    public enum Sender: Sendable, Hashable {
        case client, server, either
    }

    public var sender: Sender {
        switch self {
        case .heartbeat, .logout: return .either
        case .protocolReject: return .server
        default: return rawValue & 0x80 == 0 ? .client : .server
        }
    }

    public var family: MessageFamily { MessageFamily(type: rawValue)! }

    /// Whether the body starts with `sessionSequence` (then `timestampMs`): the messages a resume replays.
    public var isSessionStream: Bool {
        switch self {
        case .orderAccepted, .orderRejected, .fill, .orderCancelled, .orderExpired, .orderReplaced, .massCancelDone,
             .auctionAccepted, .auctionEnded, .userCreated, .adminAccepted, .adminRejected, .protocolReject:
            return true
        default:
            return false
        }
    }

    /// The name used in Protocol/protocol.md and the vector files.
    public var name: String {
        let raw = String(describing: self)
        return raw.prefix(1).uppercased() + raw.dropFirst()
    }

    /// The body's one size in version 1: a body of any other size is refused.
    public var bodyBytes: Int {
        switch self {
        case .logonRequest: return 33
        case .logonProof: return 88
        case .heartbeat: return 0
        case .logout: return 67
        case .challenge: return 60
        case .logonAccepted: return 36
        case .logonRejected: return 2
        case .resumeUnavailable: return 24
        case .newOrder: return 39
        case .cancelOrder: return 10
        case .replaceOrder: return 35
        case .massCancel: return 18
        case .orderAccepted: return 62
        case .orderRejected: return 38
        case .fill: return 99
        case .orderCancelled: return 43
        case .orderExpired: return 42
        case .orderReplaced: return 51
        case .massCancelDone: return 28
        case .orderStatusRequest: return 10
        case .openOrder: return 61
        case .openOrdersEnd: return 12
        case .auctionStart: return 61
        case .auctionStop: return 10
        case .auctionAccepted: return 93
        case .auctionEnded: return 77
        case .subscribe: return 11
        case .unsubscribe: return 10
        case .snapshotRequest: return 10
        case .replayRequest: return 10
        case .snapshotBegin: return 23
        case .snapshotLevel: return 31
        case .snapshotEnd: return 10
        case .bookUpdate: return 47
        case .tradePrint: return 56
        case .intervalStatus: return 27
        case .zoneStatusUpdate: return 19
        case .replayUnavailable: return 18
        case .zoneListRequest: return 8
        case .zoneInfo: return 56
        case .priceRequest: return 18
        case .priceSubscribe: return 3
        case .priceInfo: return 107
        case .auctionUpdate: return 102
        case .auctionResult: return 71
        case .meterReadings: return 5386
        case .registerMeter: return 39
        case .zoneEnergySubscribe: return 3
        case .forecastRequest: return 21
        case .readingsAck: return 408
        case .meterRegistered: return 24
        case .meteringRejected: return 10
        case .zoneEnergy: return 39
        case .forecast: return 1565
        case .balanceRequest: return 8
        case .depositRequest: return 16
        case .withdrawRequest: return 16
        case .historyRequest: return 26
        case .statementRequest: return 12
        case .balance: return 44
        case .fundsMoved: return 41
        case .walletRejected: return 10
        case .historyEntry: return 65
        case .historyEnd: return 13
        case .statementChunk: return 16_398
        case .statementEnd: return 17
        case .alertSet: return 36
        case .alertDelete: return 16
        case .alertListRequest: return 8
        case .inboxRequest: return 18
        case .alertAccepted: return 16
        case .alertRejected: return 10
        case .alertInfo: return 69
        case .alertListEnd: return 10
        case .notification: return 60
        case .inboxEnd: return 18
        case .createUser: return 100
        case .setRole: return 13
        case .haltZone: return 11
        case .resumeZone: return 10
        case .userCreated: return 28
        case .adminAccepted: return 26
        case .adminRejected: return 28
        case .protocolReject: return 71
        }
    }

    /// The largest body of version 1: StatementChunk, with its 16 KiB data field (the next are
    /// MeterReadings, 5,386, and Forecast, 1,565; every other body is at most 408 bytes). Well below
    /// the frame limit, which leaves room for later versions.
    public static let bodyBytesMax = 16_398
}

/// The message families and their type ranges; the reserved ones belong to later issues and hold no
/// type in version 1 (a frame of a reserved type is an unknown type). `metering` holds 0x0301–0x0304 and
/// 0x0381–0x0385; `walletAndLedger` holds the
/// wallet messages (0x0401–0x0405, 0x0481–0x0487).
public enum MessageFamily: Sendable, Hashable, CaseIterable {
    case session
    case orderEntry
    case marketData
    case metering
    case walletAndLedger
    case notifications
    case administration
    case protocolReject

    public var typeRange: ClosedRange<UInt16> {
        switch self {
        case .session: return 0x0001...0x00FF
        case .orderEntry: return 0x0100...0x01FF
        case .marketData: return 0x0200...0x02FF
        case .metering: return 0x0300...0x03FF
        case .walletAndLedger: return 0x0400...0x04FF
        case .notifications: return 0x0500...0x05FF
        case .administration: return 0x0600...0x06FF
        case .protocolReject: return 0x0F00...0x0F00
        }
    }

    /// Families defined for later versions: no type of version 1 lies in them. Every family now
    /// has types (notifications, the last reserved one, holds the price alerts).
    public var isReserved: Bool {
        false
    }

    /// The family whose range holds `type`, or nil outside every range.
    public init?(type: UInt16) {
        guard let family = MessageFamily.allCases.first(where: { $0.typeRange.contains(type) }) else { return nil }
        self = family
    }
}
