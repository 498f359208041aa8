import GreenGridDomain
import GreenGridSimulation
import Testing

/// The fast structures are only trusted because slow, obvious ones agree with them command by command.
@Suite("Differential")
struct DifferentialTests {
    @Test("Fast book and reference book agree fill by fill over random commands",
          arguments: [(MatchingStrategy.priceTime, 100_000), (.priceProximityTime, 30_000)])
    func fastBookMatchesReference(strategy: MatchingStrategy, commands: Int) throws {
        var driver = BookDriver(strategy: strategy, seed: 0x6772_6565_6e67_7264)
        for index in 1...commands {
            try driver.step()
            if index % 1_000 == 0 { try driver.compareDepth() }
        }
        try driver.compareDepth()
        // Not vacuous: the stream traded a lot, cancelled self-trades and kept a real book.
        #expect(driver.fillCount > commands / 10)
        #expect(driver.selfTradeCancelCount > 100)
        #expect(driver.restingHighWater > 100)
    }

    @Test("Exchange core conserves Wh, capacity and event numbering over 100,000 commands of seeded flow")
    func exchangeCoreConservesEverything() throws {
        let market = SyntheticMarket.market(zones: 3, interconnectorW: 400_000, feeMicrosPerKWh: 500)
        var options = OrderFlow.Options()
        options.tradersPerZone = 6
        options.intervalsPerZone = 2
        // 0.6 s per command: an interval's gate closes about every 1,500 commands.
        options.microsPerCommand = 600_000
        options.gridOperations = true
        options.invalidPercent = 2
        options.crossZonePerMille = 100
        var flow = OrderFlow(market: market, seed: 20_270_101, options: options)
        var core = ExchangeCore(market: market)
        var audit = ExchangeAudit(market: market)
        for command in flow.setup() {
            core.execute(command)
            try audit.audit(command, core: core, events: core.drainEvents())
        }
        for index in 1...100_000 {
            let command = flow.next()
            core.execute(command)
            try audit.audit(command, core: core, events: core.drainEvents())
            if index % 1_000 == 0 { try audit.compareAllOrders(core) }
        }
        try audit.compareAllOrders(core)
        // Not vacuous: every mechanism the checks cover actually ran.
        #expect(audit.crossZoneTrades > 100)
        #expect(audit.localTrades > 1_000)
        #expect(audit.selfTradeCancels > 100)
        #expect(audit.haltCancels > 0)
        #expect(audit.expiries > 100)
        #expect(audit.rejects > 1_000)
        #expect(audit.sawExhaustedPath)
    }
}
