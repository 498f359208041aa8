import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// `book`: a snapshot of a zone's book, once or redrawn live.
enum BookCommand {
    /// ANSI: cursor home, clear screen.
    static let clearScreen = "\u{1B}[H\u{1B}[2J"
    /// At most four drawings a second: faster is unreadable and costs a terminal for nothing.
    static let redrawIntervalMs: Int64 = 250

    struct Request: Sendable {
        var zone: String
        var interval: IntervalSpec?
        var depth: Int
        var watch: Bool
        var seconds: Int?

        init(_ invocation: Invocation) throws(UsageError) {
            let arguments = invocation.arguments
            zone = try invocation.operands(["ZONE"])[0]
            interval = try arguments.string("interval").map(IntervalSpec.init)
            if case .start(let ms) = interval, !DeliveryInterval.isAligned(ms) {
                throw UsageError("--interval must start on a 15-minute boundary (UTC)")
            }
            watch = arguments.flag("watch")
            do {
                depth = try arguments.integer("depth", default: 10, range: 1...1_000)
                seconds = arguments.string("seconds") == nil ? nil : try arguments.integer("seconds", default: 0, range: 1...86_400 * 365)
            } catch {
                throw UsageError(error.description)
            }
            if seconds != nil, !watch { throw UsageError("--seconds goes with --watch") }
        }
    }

    static func run(_ context: CommandContext) async throws {
        let request = try Request(context.invocation)
        let intervalStartMs = request.interval?.startMs(nowMs: context.nowMs())
        let timeoutMs = try ConnectionOptions(context.invocation, environment: context.environment).timeoutMs
        try await ExchangeSession.with(context, watching: request.watch) { session in
            let zone = try await session.directory().resolve(request.zone)
            let watch = MarketWatch(zone: zone.zone)
            let follower = watch.follow(session.client.marketData)
            defer { follower.cancel() }
            try session.client.subscribe(zone: zone.zone, intervalStartMs: intervalStartMs ?? ProtocolConstants.allIntervals, snapshot: true)
            try await waitForSnapshot(watch, timeoutMs: timeoutMs)
            guard request.watch else {
                draw(context, session, zone, watch, request, intervalStartMs)
                return
            }
            let deadline = request.seconds.map { ContinuousClock.now + .seconds($0) }
            while !Task.isCancelled {
                if let failure = watch.failure { throw failure }
                draw(context, session, zone, watch, request, intervalStartMs, onlyIfChanged: true)
                if let deadline, ContinuousClock.now >= deadline { break }
                do {
                    try await Task.sleep(for: .milliseconds(redrawIntervalMs))
                } catch {
                    break  // Ctrl-C: the executable cancels the task; a clean end, not an error.
                }
            }
        }
    }

    static func waitForSnapshot(_ watch: MarketWatch, timeoutMs: Int64) async throws {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while !watch.snapshotComplete {
            if let failure = watch.failure { throw failure }
            guard ContinuousClock.now < deadline else {
                throw CommandFailure(exitCode: .timeout, message: "no book snapshot within \(timeoutMs) ms")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static func draw(_ context: CommandContext, _ session: ExchangeSession, _ zone: Message.ZoneInfo, _ watch: MarketWatch,
                     _ request: Request, _ interval: Int64?, onlyIfChanged: Bool = false) {
        let (trades, changed) = watch.take()
        guard changed || !onlyIfChanged else { return }
        let mirror = session.client.bookMirror ?? BookMirror()
        let view = BookView(zone: zone, status: mirror.zoneStatus(zone.zone) ?? zone.status, levels: mirror.levels(zone: zone.zone), trades: trades,
                            depth: request.depth, interval: interval, nowMs: context.nowMs())
        if context.json {
            context.console.line(view.json.rendered)
        } else if request.watch {
            context.console.writeOut(clearScreen + view.text + "\n\n(watching; Ctrl-C to quit)\n")
        } else {
            context.console.line(view.text)
        }
    }
}
