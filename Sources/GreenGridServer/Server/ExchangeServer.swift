import GreenGridCrypto
import GreenGridDomain
import GreenGridEngine
import GreenGridForecast
import GreenGridJournal
import GreenGridMetering
import GreenGridProtocol

/// The exchange on the network: one epoll loop for every connection, sessions (logon, heartbeats,
/// access, rate limits), order entry batched into the durable engine, reports and market data back out.
///
/// Threading: everything but `durable` is confined to the loop's thread (hence `@unchecked Sendable`).
/// Commands gathered during one loop iteration go to the engine as one batch from one Task, one
/// submission in flight at a time; its events come back to the loop with one `execute`.
public final class ExchangeServer: EventLoopDelegate, @unchecked Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port: UInt16 = 7600
        public var connectionsMax = 5_000
        public var logonTimeoutMs: Int64 = ProtocolConstants.logonTimeoutMsDefault
        /// The sweep (heartbeats, timeouts) and the sequencer clock (gate closures) run this often.
        public var tickMs: Int64 = 100
        public var subscriptionsMax = 64
        /// The decoder's read size: inbound bytes are handed to it in chunks of at most this much.
        public var readBytesMax = 16 << 10
        /// Iterations announced for usernames that do not exist (so they look like real ones).
        public var unknownUserIterations = DemoUsers.iterations
        public var messagesPerSecond: Int64 = 10_000
        public var messagesBurst: Int64 = 2_000
        /// How long a session whose connection ended can still be resumed.
        public var resumeRetentionMs: Int64 = 60_000
        /// At most this many sessions without a connection are kept (the oldest go first).
        public var detachedSessionsMax = 1_000
        /// Each session's resume buffer keeps at most this many frames and bytes.
        public var resumeFramesMax = 10_000
        public var resumeBytesMax = 1 << 20
        /// CreateUser refuses keys derived with fewer PBKDF2 iterations.
        public var userIterationsMin = 1_000
        /// Each zone's replay ring keeps at most this many market-data frames and bytes.
        public var replayFramesMax = 100_000
        public var replayBytesMax = 16 << 20
        public var log = ServerLog()
        /// Settlement (markets with wallets): how often ended intervals are looked at, how long after
        /// an interval's end the first run waits for meter data, and where the readings come from
        /// (nil: none, so trades settle at the deadline by the missing-data rule).
        public var settlementCheckMs: Int64 = 5_000
        public var settlementDelayMs: Int64 = 60_000
        public var meterData: MeterDataSource = .metering
        /// How often subscribers get the zone intervals whose metered energy changed.
        public var zoneEnergyIntervalMs: Int64 = 1_000
        /// How often prices are read from the engine and changes pushed; how often the
        /// supply/demand strategy's forecasts are refreshed.
        public var pricingIntervalMs: Int64 = 1_000
        public var pricingForecastIntervalMs: Int64 = 60_000
        /// Where the market's meters are, for the clear sky behind production forecasts (one site
        /// for the whole market: zones are a few km across). Default: Amsterdam.
        public var siteLatitudeDeg = 52.37
        public var siteLongitudeDeg = 4.90
        /// A cloud-cover and temperature forecast blended into production forecasts (nil: none).
        public var weather: WeatherForecast?
        /// The metering journal's durability (`none` only for measurements of everything else).
        public var meteringDurability: Durability = .fsync
        /// Zone auctions: each zone's community account and the surplus detection that starts them.
        public var auctions = AuctionSettings()
        /// A snapshot of the exchange after this many commands (and at a clean stop). Smaller means
        /// shorter recoveries; the crash loop makes it small so kills meet snapshots.
        public var snapshotEveryCommands = 1_000_000
        public init() {}
    }

    public let market: Market
    public let configuration: Configuration
    public let durable: DurableExchange
    public let metering: MeteringService
    public let alerts: AlertService
    let log: ServerLog
    private(set) var loop: EventLoop!
    public private(set) var port: UInt16 = 0

    // Loop-confined.
    var credentials: CredentialStore
    var nonces = NonceRegistry()
    var settlementCheckInFlight = false
    /// The settlement clock's runs so far (markets with wallets).
    var settlementSchedule = SettlementSchedule(firstRunDelayMs: 0, meterDataDeadlineMs: 0)
    var random = SystemRandomNumberGenerator()
    let serverSecret: [UInt8]
    var nextSessionId: UInt64 = 1
    var sessions: [ConnectionID: ServerSession] = [:]
    /// Sessions (streams) by id, attached or detached, and by trader.
    var streams: [UInt64: SessionStream] = [:]
    var streamsByTrader: [TraderId: [SessionStream]] = [:]
    /// Each trader's resting orders, from the events (accepted, filled, cancelled, expired).
    var openOrders: [TraderId: [OrderId: OpenOrder]] = [:]
    /// What server-made commands are for, by command, pending then in flight.
    var pendingTags: [Command: [CommandTag]] = [:]
    var inFlightTags: [Command: [CommandTag]] = [:]
    /// Work waiting behind a mass cancel (or cancel-on-disconnect) until the commands before it
    /// have been executed, so it sees every order they entered.
    var held: [HeldWork] = []
    /// Where created users are kept (nil: in memory only).
    var usersFile: UsersFile?
    /// Usernames that go to the users file (created over the protocol or loaded from it).
    var storedUsers: [String] = []
    var subscribers: [ConnectionID: ServerSession] = [:]
    var clientOrderIds: [OrderId: ClientOrderId] = [:]
    /// New orders from cancel-on-disconnect sessions on their way to the engine: which session sent them.
    var codOrigins: [TraderId: [ClientOrderId: UInt64]] = [:]
    var pending: [Command] = []
    var flushScheduled = false
    var inFlight = false
    /// A market snapshot (or the start's baseline) is being taken: no submission starts meanwhile.
    var marketSnapshotInFlight = false
    /// Snapshot and replay requests waiting for the engine to be idle (served in arrival order).
    var marketDataQueue: [MarketDataRequest] = []
    /// The requests the market snapshot in flight is for.
    var marketDataInFlight: [MarketDataRequest] = []
    /// Per zone, the last published frames (empty until the start's baseline set their floors).
    var replayRings: [ReplayRing] = []
    /// Per zone, its status and last published sequence (from the start's baseline, then the events).
    var zoneStatuses: [ZoneStatus] = []
    var zoneSequences: [UInt64] = []
    var stopped = false
    // Metering (loop-confined): work waiting for the next submission, one submission at a time.
    var meteringPending: [MeteringWork] = []
    var meteringInFlightWork: [MeteringWork] = []
    var meteringPendingReadings = 0
    var meteringInFlight = false
    var meteringFlushScheduled = false
    /// The metering journal failed: nothing more is acknowledged (fail-stop).
    var meteringFailed = false
    /// Live-view subscriptions: zones (0xFFFF all) per connection.
    var energySubscriptions = ZoneSubscriptions()
    var zoneEnergyInFlight = false
    // Prices (loop-confined): the latest per open interval, the forecasts they were made with.
    var latestPricing: [PricingKey: IntervalPricing] = [:]
    var latestPricingAtMs: Int64 = 0
    /// Alert requests answer in arrival order: each waits for the one before.
    var alertChain: Task<Void, Never>?
    /// The alerts journal failed: nothing more is evaluated or answered (fail-stop).
    var alertsJournalFailed = false
    /// Price subscriptions: zones (0xFFFF all) per connection.
    var priceSubscriptions = ZoneSubscriptions()
    var pricingInFlight = false
    var pricingForecasts: [ZoneIndex: [Int64: IntervalForecast]] = [:]
    var pricingForecastsAtMs: Int64 = .min / 2
    // Auctions (loop-confined).
    /// Zone auctions asked for by an operator, by the client order id the server gave them.
    var zoneAuctionRequests: [ClientOrderId: ZoneAuctionRequest] = [:]
    var zoneAuctionClientOrderId: ClientOrderId = 0
    /// Who sent each stop of the batch being delivered, by command sequence.
    var auctionStopRequesters: [UInt64: TraderId] = [:]
    /// Surplus detection: a round in flight, and the intervals already auctioned per zone.
    var surplusInFlight = false
    var surplusAuctioned: Set<PricingKey> = []
    /// The engine's resting orders when the server was made, adopted by `start()` before it listens.
    var restingAtLaunch: [RestingOrder]

    /// `restingOrders`: what the engine holds (read before anything is submitted), so mass cancels
    /// and cancel-on-disconnect reach orders from before a restart.
    public init(market: Market, durable: DurableExchange, metering: MeteringService, alerts: AlertService, credentials: CredentialStore,
                configuration: Configuration = Configuration(), storedUsers: [String] = [], restingOrders: [RestingOrder] = []) throws {
        self.storedUsers = storedUsers
        restingAtLaunch = restingOrders
        self.market = market
        self.durable = durable
        self.metering = metering
        self.alerts = alerts
        self.credentials = credentials
        self.configuration = configuration
        self.log = configuration.log
        // The server already asks only for intervals ended `settlementDelayMs` ago: no delay here.
        settlementSchedule = SettlementSchedule(firstRunDelayMs: 0, meterDataDeadlineMs: market.wallets?.meterDataDeadlineMs ?? 0)
        var generator = SystemRandomNumberGenerator()
        serverSecret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        loop = try EventLoop(delegate: self)
    }

    /// Opens (or recovers) the journal, adds the demo users if asked (registering them in the engine
    /// when the journal is new), and starts listening. `configuration` nil: the shipped demo market.
    public static func launch(journalDirectory: String, market marketConfiguration: MarketConfiguration? = nil,
                              demoUsers: Bool, configuration base: Configuration = Configuration()) async throws -> ExchangeServer {
        var configuration = base
        let market = try (marketConfiguration ?? ConfigurationLoader.demo()).market()
        // Zone names and indices travel in fixed fields (ZoneInfo, u16 zones): refuse what cannot be said.
        if market.zones.count >= Int(ProtocolConstants.allZones) {
            throw ServerStartError(description: "the market has \(market.zones.count) zones; the protocol carries at most 65,534")
        }
        if let zone = market.zones.first(where: { $0.name.utf8.isEmpty || $0.name.utf8.count > ProtocolConstants.zoneNameBytesMax }) {
            throw ServerStartError(description: "zone name '\(zone.name)' must be 1 to \(ProtocolConstants.zoneNameBytesMax) bytes of UTF-8")
        }
        try makeDirectories(journalDirectory)
        var journalOptions = DurableExchange.Options()
        journalOptions.snapshotEveryCommands = configuration.snapshotEveryCommands
        let durable = try await DurableExchange(directory: journalDirectory, market: market, options: journalOptions, startTimeMs: WallClock.nowMs())
        let recovered = await durable.lastSequence
        configuration.log.info("journal_opened", [("directory", .string(journalDirectory)), ("lastSequence", .int(Int64(recovered)))])
        let meteringDirectory = joinPath(journalDirectory, "metering")
        try makeDirectories(meteringDirectory)
        let metering = try MeteringService(directory: meteringDirectory, zoneCount: market.zones.count,
                                           durability: configuration.meteringDurability)
        let alertsDirectory = joinPath(journalDirectory, "alerts")
        try makeDirectories(alertsDirectory)
        let alerts = try AlertService(directory: alertsDirectory, zoneCount: market.zones.count)
        configuration.log.info("alerts_journal_opened", [("records", .int(Int64(alerts.recovery.records)))])
        let meteringStatistics = await metering.statistics
        configuration.log.info("metering_journal_opened", [
            ("records", .int(Int64(metering.recovery.records))), ("lastSequence", .int(Int64(metering.recovery.lastSequence))),
            ("meters", .int(Int64(meteringStatistics.meters))), ("readings", .int(Int64(meteringStatistics.readings))),
        ])
        var store = CredentialStore()
        let usersFile = UsersFile(storage: PosixStorage(), directory: journalDirectory)
        let stored = try usersFile.load()
        for credential in stored { try store.add(credential) }
        if !stored.isEmpty { configuration.log.info("users_loaded", [("count", .int(Int64(stored.count)))]) }
        if demoUsers {
            for credential in DemoUsers.credentials(market: market) {
                // A stored user of the same name wins (the users file is the administrators' record).
                if store.credential(named: credential.username) != nil {
                    configuration.log.warning("demo_user_shadowed", [("user", .string(credential.username))])
                    continue
                }
                try store.add(credential)
            }
            if recovered == 0 {
                // With wallets, every demo trader starts with money. One submission, so one journal
                // batch: a kill cannot leave the traders registered and never funded (the next start
                // finds a journal that is not empty and funds nobody).
                let funding = market.wallets != nil ? DemoUsers.fundingCommands(market: market) : []
                _ = try await durable.submit(DemoUsers.registrationCommands(market: market) + funding, nowMs: WallClock.nowMs())
            }
            configuration.log.info("demo_users", [("count", .int(Int64(store.count)))])
            // The demo's community accounts sell the zone auctions, unless configured otherwise.
            if configuration.auctions.communityAccounts.isEmpty {
                configuration.auctions.communityAccounts = DemoUsers.communityAccounts(market: market)
            }
        }
        // A trader's role changed by SetRole is the engine's (journaled); the users file or the demo
        // list may be older, so the engine's record wins.
        for participant in await durable.tradingParticipants() {
            guard let credential = store.credential(trader: participant.traderId), credential.participant.role != participant.role,
                  credential.participant.role.mayTrade else { continue }
            _ = store.setRole(participant.role, for: credential.username)
            configuration.log.info("role_from_journal", [("user", .string(credential.username)), ("role", .string("\(participant.role)"))])
        }
        let server = try ExchangeServer(market: market, durable: durable, metering: metering, alerts: alerts, credentials: store, configuration: configuration,
                                        storedUsers: stored.map(\.username), restingOrders: await durable.restingOrders())
        server.usersFile = usersFile
        try server.start()
        return server
    }

    /// What one connection may have queued to send before it counts as a slow consumer.
    static let outboundBytesMax = 4 << 20
    /// Statements are queued whole: at most half the outbound queue, so a statement alone never
    /// makes its reader a slow consumer.
    var statementBytesLimit: Int { Self.outboundBytesMax / 2 }

    /// Binds the listener, starts the loop and its clock; returns the bound port.
    @discardableResult
    public func start() throws -> UInt16 {
        var listening = ListenerConfiguration(
            host: configuration.host, port: configuration.port, connectionsMax: configuration.connectionsMax,
            connection: ConnectionConfiguration(inboundBytesMax: 64 << 10, outboundBytesMax: Self.outboundBytesMax,
                                                socketSendBufferBytes: 64 << 10))
        // A connection past the limit is told why before it is closed (Protocol/protocol.md, logon step 1).
        listening.refusalBytes = Message.logonRejected(Message.LogonRejected(reason: .tooManyConnections)).frameBytes
        let listener = try loop.listen(listening)
        port = listener.port
        scheduleTick()
        scheduleSettlement()
        scheduleZoneEnergy()
        schedulePricing()
        scheduleSurplusAuctions()
        // Before any submission: the zones' event sequences as of now, below which nothing can be replayed.
        marketSnapshotInFlight = true
        // Before the loop runs, so the first request already sees them; the cancels this queues wait
        // for the baseline below, so it and the adopted orders describe the same state.
        adoptRestingOrders(restingAtLaunch)
        restingAtLaunch = []
        try loop.start()
        let durable = self.durable
        let zones = Array(market.zones.indices)
        Task { [self] in
            let snapshots = await durable.marketSnapshot(zones: zones)
            let recovered = await durable.takeRecoveredPublicEvents()
            _ = loop.execute { [self] in marketSnapshotTaken(snapshots, baseline: true, recovered: recovered) }
        }
        log.info("listening", [("host", .string(configuration.host)), ("port", .int(Int64(port)))])
        return port
    }

    /// Stops accepting and closes every connection, then snapshots and closes the journal.
    public func stop() async throws {
        loop.shutdown()
        // The loop thread is joined: what it queued but had not submitted yet is submitted now
        // (closing the journal waits for a submission still in flight), so nothing a client
        // was told about is lost.
        if !pending.isEmpty {
            let commands = pending
            pending = []
            _ = try await durable.submit(commands, nowMs: WallClock.nowMs())
        }
        try await durable.close()
        // Batches applied but not yet durable are written out; queued ones were never answered.
        await metering.close()
        await alerts.close()
        log.info("stopped")
    }

    // MARK: EventLoopDelegate

    public func accepted(_ connection: Connection) {
        let now = loop.nowMs
        let session = ServerSession(
            connection: connection, readBytesMax: configuration.readBytesMax,
            rateLimiter: RateLimiter(messagesPerSecond: configuration.messagesPerSecond, burst: configuration.messagesBurst, nowMs: now),
            nowMs: now)
        connection.context = session
        sessions[connection.id] = session
    }

    public func readable(_ connection: Connection, bytesAvailable: Int) {
        guard let session = connection.context as? ServerSession else { connection.close(); return }
        if session.closing { connection.consumeInbound(bytesAvailable); return }
        let chunkMax = configuration.readBytesMax
        let used = connection.withInboundBytes { bytes -> Int in
            var consumed = 0
            while consumed < bytes.count && !session.closing {
                let chunk = min(chunkMax, bytes.count - consumed)
                session.decoder.append(UnsafeRawBufferPointer(rebasing: bytes[consumed..<(consumed + chunk)]))
                consumed += chunk
                while !session.closing {
                    do throws(FrameError) {
                        guard let frame = try session.decoder.next() else { break }
                        handle(frame, session: session)
                    } catch {
                        refuse(session, error.reject(sessionSequence: 0, timestampMs: WallClock.nowMs()))
                    }
                }
            }
            return session.closing ? bytes.count : consumed
        }
        connection.consumeInbound(used)
        if session.closing { connection.closeAfterFlush() }
    }

    public func closed(_ connection: Connection, reason: CloseReason) {
        guard let session = sessions.removeValue(forKey: connection.id) else { return }
        subscribers[connection.id] = nil
        energySubscriptions.remove(connection.id)
        priceSubscriptions.remove(connection.id)
        nonces.forget(connection: connection.id.rawValue)
        if let stream = session.stream, stream.connection === session {
            log.info("logged_off", [("user", .string(session.credential?.username ?? "")), ("session", .int(Int64(session.sessionId)))])
            detach(stream)
        }
        connection.context = nil
    }

    // MARK: Sending

    /// Sends one message to a session; a session whose outbound queue overflowed is cut off.
    func send(_ message: Message, to session: ServerSession) {
        transmit(SharedBytes(message.frameBytes), to: session)
    }

    func transmit(_ bytes: SharedBytes, to session: ServerSession) {
        guard let connection = session.connection else { return }
        switch connection.send(bytes) {
        case .queued:
            session.lastSentMs = loop.nowMs
        case .slowConsumer:
            log.warning("slow_consumer", [("session", .int(Int64(session.sessionId)))])
            session.closing = true
            connection.close()
        case .closed:
            break
        }
    }

    /// Sends a ProtocolReject; a closing reason is followed by Logout(protocolError) and the close.
    func refuse(_ session: ServerSession, _ reject: Message.ProtocolReject) {
        var reject = reject
        if session.isLoggedOn, let stream = session.stream, stream.connection === session {
            sendInStream(stream) { sequence in
                reject.sessionSequence = sequence
                return .protocolReject(reject)
            }
        } else {
            reject.sessionSequence = 0
            send(.protocolReject(reject), to: session)
        }
        if reject.reason.closesConnection {
            send(.logout(Message.Logout(reason: .protocolError, text: "\(reject.reason)")), to: session)
            session.closing = true
        }
    }

    func refuse(_ session: ServerSession, _ reason: ProtocolRejectReason, type: UInt16, text: String = "") {
        refuse(session, Message.ProtocolReject(sessionSequence: 0, timestampMs: WallClock.nowMs(), rejectedType: type, reason: reason,
                                              fieldOffset: ProtocolConstants.noFieldOffset, text: text))
    }

    /// Ends a session: Logout with `reason`, then close once it is flushed.
    func end(_ session: ServerSession, _ reason: LogoutReason) {
        send(.logout(Message.Logout(reason: reason)), to: session)
        session.closing = true
        session.connection?.closeAfterFlush()
    }

    // MARK: Clock

    func scheduleTick() {
        _ = loop.scheduleTimer(afterMs: configuration.tickMs) { [weak self] in
            guard let self, !self.stopped else { return }
            self.tick()
            self.scheduleTick()
        }
    }

    /// Heartbeats and timeouts for every session, then the sequencer clock (an empty batch closes due gates).
    func tick() {
        let now = loop.nowMs
        for session in sessions.values where !session.closing {
            if !session.isLoggedOn {
                if now - session.acceptedAtMs >= configuration.logonTimeoutMs { end(session, .logonTimeout) }
            } else if now - session.lastReceivedMs >= Int64(ProtocolConstants.heartbeatsMissedMax) * session.heartbeatIntervalMs {
                end(session, .heartbeatTimeout)
            } else if now - session.lastSentMs >= session.heartbeatIntervalMs {
                send(.heartbeat(Message.Heartbeat()), to: session)
            }
        }
        expireDetachedSessions(nowMs: now)
        if engineIdle { submitPending() }
    }
}
