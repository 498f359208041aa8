/// A trading behaviour: from what the market looks like now, the orders it wants resting. Pure and
/// synchronous, so each strategy is tested on hand-made views; the runner does all the I/O.
public protocol BotStrategy: Sendable {
    /// Distinguishes this strategy's quotes from the others' on the same session.
    var name: String { get }
    func quotes(_ view: MarketView) -> [Quote]
}
