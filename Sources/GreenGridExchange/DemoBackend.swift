import GreenGridDomain
import GreenGridEngine
import GreenGridJournal

/// What the demo trades through: the engine alone, or the engine behind the journal.
protocol DemoBackend: Sendable {
    /// The events per zone and the money the batch moved (markets with wallets).
    func submit(_ commands: [Command], nowMs: Int64) async throws
        -> (events: [ContiguousArray<Event>], ledger: ContiguousArray<SequencedLedgerCommand>)
    func finish() async throws -> DemoBackendSummary
}

struct DemoBackendSummary {
    var lastSequence: UInt64
    var stateHash: UInt64
    var violation: String?
    var crossZoneCommands: Int
}

/// The engine in memory: a sequencer in front of the mediator.
actor InMemoryBackend: DemoBackend {
    var sequencer: Sequencer
    let mediator: Mediator

    init(market: Market, startMs: Int64) {
        sequencer = Sequencer(window: market.window, startTimeMs: startMs)
        mediator = Mediator(market: market)
    }

    func submit(_ commands: [Command], nowMs: Int64) async throws
        -> (events: [ContiguousArray<Event>], ledger: ContiguousArray<SequencedLedgerCommand>) {
        let (events, ledger, auctionSteps) = await mediator.submitReporting(sequencer.stamp(commands, nowMs: nowMs))
        if let auctionSteps { sequencer.scheduleAuctionSteps(auctionSteps) }
        return (events, ledger)
    }

    func finish() async throws -> DemoBackendSummary {
        DemoBackendSummary(lastSequence: sequencer.lastSequence, stateHash: await mediator.stateHash(),
                           violation: await mediator.invariantViolation(), crossZoneCommands: await mediator.crossZoneCommands)
    }
}

/// The engine behind the write-ahead journal: every batch is durable before it trades.
struct DurableBackend: DemoBackend {
    let exchange: DurableExchange

    func submit(_ commands: [Command], nowMs: Int64) async throws
        -> (events: [ContiguousArray<Event>], ledger: ContiguousArray<SequencedLedgerCommand>) {
        let submission = try await exchange.submit(commands, nowMs: nowMs)
        return (submission.events, submission.ledger)
    }

    func finish() async throws -> DemoBackendSummary {
        let summary = DemoBackendSummary(lastSequence: await exchange.lastSequence, stateHash: await exchange.stateHash(),
                                         violation: await exchange.invariantViolation(), crossZoneCommands: 0)
        try await exchange.close()
        return summary
    }
}
