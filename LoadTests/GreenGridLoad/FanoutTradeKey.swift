/// How a subscriber knows which scheduled trade a TradePrint is: the print carries no client
/// order id, so the trade's number is encoded in its quantity (1 + k mod window Wh). A print is
/// read as the k of that residue nearest to the trade the subscriber expects next, which is right
/// as long as a subscriber never lags by half a window of trades.
struct FanoutTradeKey: Sendable, Hashable {
    let window: Int

    init(window: Int = 50_000) {
        precondition(window > 1)
        self.window = window
    }

    func quantityWh(forTrade k: Int) -> Int64 { Int64(1 + k % window) }

    /// nil for a quantity no trade of the run can have (some other trader's print).
    func trade(forQuantityWh quantityWh: Int64, near expected: Int) -> Int? {
        guard quantityWh >= 1, quantityWh <= Int64(window) else { return nil }
        let residue = Int(quantityWh - 1)
        let expected = max(0, expected)
        let below = expected - ((expected - residue) % window + window) % window
        let above = below + window
        if below < 0 { return above }
        return expected - below <= above - expected ? below : above
    }
}
