import GreenGridProtocol

/// Everything a client needs to reach and log on to an exchange, with units in the names so a
/// millisecond is never mistaken for a second at a call site.
public struct ClientConfiguration: Sendable {
    public var host: String
    public var port: UInt16
    public var username: String
    /// Used only to derive the key from the Challenge's salt and iterations; it never leaves the process.
    public var password: String
    /// Cancel-on-disconnect and any later flags; granted flags come back in `LogonInfo`.
    public var sessionFlags: SessionFlags
    /// 0 lets the server pick its default; the granted interval drives both heartbeats and dead-peer detection.
    public var heartbeatIntervalMs: UInt32
    /// Bounds the TCP connect and each wait for the server's answer during logon.
    public var connectTimeoutMs: Int64
    /// How long an awaited request waits for its first answer before failing with `requestTimedOut`.
    public var requestTimeoutMs: Int64
    /// Session events (reports, admin answers, connection notices) buffered for a slow reader.
    /// When full the client fails with `queueOverflow` rather than lose a report.
    public var sessionEventQueueCapacity: Int
    /// Market-data events buffered for a slow reader; overflow fails the client the same way.
    public var marketDataQueueCapacity: Int
    /// A client used only through awaited requests can turn the session event stream off, so
    /// unread reports cannot fill it.
    public var deliversSessionEvents: Bool
    /// Keeps the local price-level mirror up to date (costs a dictionary update per book update).
    public var keepsBookMirror: Bool
    public var reconnect: ReconnectPolicy
    /// Resume an earlier session (for example one a previous process ran) instead of opening a
    /// fresh one: the first session sequence wanted is `lastProcessedSessionSequence + 1`.
    public var resume: ResumePoint?
    /// The first client order id the client assigns (then counting up). nil: microseconds since
    /// the Unix epoch, so ids keep increasing across restarts without the caller persisting a counter.
    public var firstClientOrderId: UInt64?
    /// Session events handed over on the connection's reader thread, in order, instead of through
    /// `sessionEvents`: for programs that must see an answer the moment it is decoded (the load
    /// harness timing acknowledgements) without a task wake-up per message. Keep it short and
    /// non-blocking, and do not call the client from it: it runs under the client's state lock,
    /// and the connection reads nothing else meanwhile.
    public var sessionEventHandler: (@Sendable (SessionEvent) -> Void)?
    /// The same for market-data events (the book mirror is still kept, before the handler runs).
    public var marketDataHandler: (@Sendable (MarketDataEvent) -> Void)?
    /// ZoneEnergy messages (after `subscribeZoneEnergy`), on the reader thread like the handlers
    /// above; without a handler they are dropped.
    public var zoneEnergyHandler: (@Sendable (Message.ZoneEnergy) -> Void)?
    /// PriceInfo pushed after `subscribePrices` (requestId 0), on the reader thread like
    /// the handlers above; without a handler they are dropped.
    public var priceInfoHandler: (@Sendable (Message.PriceInfo) -> Void)?
    /// Notifications pushed while connected (requestId 0), on the reader thread like the
    /// handlers above; without a handler they are dropped (the inbox keeps them).
    public var notificationHandler: (@Sendable (Message.Notification) -> Void)?
    /// The seller's auction reports (AuctionAccepted, AuctionEnded: sold out, floor reached,
    /// stopped), exactly once each in session-stream order, on the reader thread like the handlers
    /// above; without a handler only a waiting `startAuction`/`stopAuction` sees them.
    public var auctionReportHandler: (@Sendable (AuctionReport) -> Void)?

    public init(host: String = "127.0.0.1", port: UInt16, username: String, password: String,
                sessionFlags: SessionFlags = [], heartbeatIntervalMs: UInt32 = 1_000, connectTimeoutMs: Int64 = 5_000,
                requestTimeoutMs: Int64 = 5_000, sessionEventQueueCapacity: Int = 65_536, marketDataQueueCapacity: Int = 65_536,
                deliversSessionEvents: Bool = true, keepsBookMirror: Bool = true, reconnect: ReconnectPolicy = .init(),
                resume: ResumePoint? = nil, firstClientOrderId: UInt64? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.sessionFlags = sessionFlags
        self.heartbeatIntervalMs = heartbeatIntervalMs
        self.connectTimeoutMs = connectTimeoutMs
        self.requestTimeoutMs = requestTimeoutMs
        self.sessionEventQueueCapacity = sessionEventQueueCapacity
        self.marketDataQueueCapacity = marketDataQueueCapacity
        self.deliversSessionEvents = deliversSessionEvents
        self.keepsBookMirror = keepsBookMirror
        self.reconnect = reconnect
        self.resume = resume
        self.firstClientOrderId = firstClientOrderId
    }

    /// Refuses values the protocol or the library cannot honour before any socket is opened.
    func validate() throws(ClientError) {
        let usernameBytes = username.utf8.count
        guard (1...ProtocolConstants.usernameBytesMax).contains(usernameBytes) else {
            throw .invalidConfiguration("username must be 1 ... \(ProtocolConstants.usernameBytesMax) UTF-8 bytes, is \(usernameBytes)")
        }
        guard heartbeatIntervalMs == 0 || ProtocolConstants.heartbeatIntervalMsRange.contains(heartbeatIntervalMs) else {
            throw .invalidConfiguration("heartbeatIntervalMs must be 0 or within \(ProtocolConstants.heartbeatIntervalMsRange)")
        }
        guard connectTimeoutMs > 0, requestTimeoutMs > 0 else {
            throw .invalidConfiguration("connectTimeoutMs and requestTimeoutMs must be positive")
        }
        guard sessionEventQueueCapacity > 0, marketDataQueueCapacity > 0 else {
            throw .invalidConfiguration("queue capacities must be positive")
        }
        guard reconnect.attempts >= 0, reconnect.backoffMs >= 0, reconnect.backoffMaxMs >= reconnect.backoffMs else {
            throw .invalidConfiguration("reconnect needs attempts ≥ 0 and 0 ≤ backoffMs ≤ backoffMaxMs")
        }
        guard SessionFlags.defined.isSuperset(of: sessionFlags) else {
            throw .invalidConfiguration("session flags use reserved bits")
        }
    }
}

/// How hard to try to get a dropped session back before giving up.
public struct ReconnectPolicy: Sendable, Hashable {
    /// Connection attempts after a drop; 0 turns reconnecting off (a drop ends the client).
    public var attempts: Int
    /// Wait before the first attempt; doubled per failed attempt up to `backoffMaxMs`.
    public var backoffMs: Int64
    public var backoffMaxMs: Int64

    public init(attempts: Int = 5, backoffMs: Int64 = 100, backoffMaxMs: Int64 = 5_000) {
        self.attempts = attempts
        self.backoffMs = backoffMs
        self.backoffMaxMs = max(backoffMs, backoffMaxMs)
    }

    public static let never = ReconnectPolicy(attempts: 0, backoffMs: 0, backoffMaxMs: 0)

    /// The wait before attempt `attempt` (from 1).
    func delayMs(attempt: Int) -> Int64 {
        var delay = backoffMs
        var step = 1
        while step < attempt && delay < backoffMaxMs {
            delay = delay > backoffMaxMs / 2 ? backoffMaxMs : delay * 2
            step += 1
        }
        return min(delay, backoffMaxMs)
    }
}

/// Where a session stands, so a process that restarts can resume it.
public struct ResumePoint: Sendable, Hashable {
    public var sessionId: UInt64
    public var lastProcessedSessionSequence: UInt64

    public init(sessionId: UInt64, lastProcessedSessionSequence: UInt64) {
        self.sessionId = sessionId
        self.lastProcessedSessionSequence = lastProcessedSessionSequence
    }
}
