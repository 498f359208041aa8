import GreenGridDomain

/// An `OrderFlow` with money: deposits for every trader after registration (some get too little,
/// so their buys are refused), now and then a withdrawal (some repeating an earlier request id),
/// and after each interval ends, meter readings for most traders and two settlement runs (right
/// away, and again after the meter-data deadline). Deterministic for a seed; renumbered into one
/// gapless sequence with non-decreasing times.
public enum WalletFlow {
    /// A market like `SyntheticMarket.market` with wallets.
    public static func market(zones: Int, interconnectorW: Int64 = 40_000, feeMicrosPerKWh: Int64 = 300,
                              wallets: WalletRules = WalletRules(platformFeeMicrosPerKWh: 700, meterDataDeadlineMs: 1_800_000)) -> Market {
        var configuration = SyntheticMarket.configuration(zones: zones, interconnectorW: interconnectorW, feeMicrosPerKWh: feeMicrosPerKWh)
        configuration.wallets = wallets
        return try! configuration.market()
    }

    public static func commands(market: Market, seed: UInt64, count: Int, options: OrderFlow.Options) -> [SequencedCommand] {
        var flow = OrderFlow(market: market, seed: seed, options: options)
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        var plain = flow.setup()
        var traders: [(TraderId, ZoneIndex)] = []
        for command in plain {
            if case .registerParticipant(let p) = command.command, p.role.mayTrade { traders.append((p.traderId, p.zone)) }
        }
        var request: UInt64 = 0
        let deadlineMs = market.wallets?.meterDataDeadlineMs ?? 0
        for (trader, zone) in traders {
            request += 1
            let micros = rng.below(4) == 0 ? Int64(rng.below(50_000)) + 1 : Int64(rng.below(4_000_000_000)) + 1
            plain.append(SequencedCommand(sequence: 0, timestampMs: plain.last!.timestampMs,
                                          command: .deposit(WalletRequest(traderId: trader, zone: zone, requestId: request, amountMicros: micros))))
        }
        var closed: [Int64] = []
        for _ in 0..<count {
            let next = flow.next()
            plain.append(next)
            if case .closeGate(let interval) = next.command { closed.append(interval) }
            if rng.below(200) == 0 {
                let (trader, zone) = traders[rng.below(traders.count)]
                request += 1
                plain.append(SequencedCommand(sequence: 0, timestampMs: next.timestampMs, command: .withdraw(WalletRequest(
                    traderId: trader, zone: zone, requestId: rng.below(3) == 0 ? 1 : request, amountMicros: Int64(rng.below(100_000)) + 1))))
            }
            if let interval = closed.first, next.timestampMs >= interval + DeliveryInterval.lengthMs {
                closed.removeFirst()
                for (trader, _) in traders where rng.below(5) != 0 {
                    plain.append(SequencedCommand(sequence: 0, timestampMs: next.timestampMs, command: .intervalReading(IntervalReading(
                        traderId: trader, intervalStartMs: interval, exportWh: Int64(rng.below(60_000)), importWh: Int64(rng.below(60_000))))))
                }
                plain.append(SequencedCommand(sequence: 0, timestampMs: next.timestampMs, command: .settleInterval(intervalStartMs: interval)))
                plain.append(SequencedCommand(sequence: 0, timestampMs: next.timestampMs + deadlineMs,
                                              command: .settleInterval(intervalStartMs: interval)))
            }
        }
        var lastMs = Int64.min
        return plain.enumerated().map { index, command in
            lastMs = max(lastMs, command.timestampMs)
            return SequencedCommand(sequence: UInt64(index + 1), timestampMs: lastMs, command: command.command)
        }
    }
}
