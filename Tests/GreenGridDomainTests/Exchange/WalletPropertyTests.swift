import GreenGridDomain
import GreenGridSimulation
import Testing

/// The exchange with money under 100,000 random commands — orders, cancels, replaces, halts,
/// gate closures (expiries), deposits, withdrawals (some repeating a request id), meter readings
/// with random values and settlement runs before and after the deadline — with restarts: every
/// 12,500 commands the core is snapshotted and replaced by the restored copy. Every invariant
/// (ledger sum, zone copies = ledger, reserved = open buys, escrow = unsettled trades) holds
/// throughout, and the end state equals an uninterrupted run's.
@Suite struct WalletPropertyTests {
    @Test("100,000 random commands with restarts keep every money invariant", arguments: [UInt64(31)])
    func randomCommandsWithRestarts(seed: UInt64) throws {
        let market = WalletFlow.market(zones: 3)
        var options = OrderFlow.Options()
        options.tradersPerZone = 6
        options.intervalsPerZone = 4
        options.gridOperations = true
        options.invalidPercent = 2
        options.crossZonePerMille = 250
        options.microsPerCommand = 100_000
        let commands = WalletFlow.commands(market: market, seed: seed, count: 100_000, options: options)
        #expect(commands.count >= 100_000)

        var uninterrupted = ExchangeCore(market: market)
        var restarted = ExchangeCore(market: market)
        var restarts = 0
        var settled = 0
        for (index, command) in commands.enumerated() {
            uninterrupted.execute(command)
            restarted.execute(command)
            _ = uninterrupted.drainEvents()
            _ = restarted.drainEvents()
            settled += uninterrupted.drainLedgerLog().filter { if case .settle = $0.command { return true }; return false }.count
            _ = restarted.drainLedgerLog()
            if index % 2_000 == 1_999, let problem = restarted.invariantViolation() {
                Issue.record("after command \(command.sequence): \(problem)")
                return
            }
            if index % 12_500 == 12_499 {
                var reader = ByteReader(restarted.snapshot())
                restarted = try ExchangeCore.decodeSnapshot(from: &reader, market: market)
                restarts += 1
            }
        }
        #expect(restarted.invariantViolation() == nil)
        #expect(restarted.stateHash() == uninterrupted.stateHash())
        #expect(restarts == commands.count / 12_500)
        #expect(settled > 100, "settlement ran on real trades")
    }
}
