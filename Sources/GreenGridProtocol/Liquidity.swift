/// Whether a fill's order was resting (maker) or arrived and traded at once (taker); fees may differ.
public enum Liquidity: UInt8, Sendable, Hashable, CaseIterable {
    case maker = 1
    case taker = 2
}
