/// Which resting orders an aggressor meets first at one price.
public enum MatchingStrategy: String, Sendable, Hashable, Codable {
    /// Price, then proximity (same feeder, same substation, same zone, other zone), then time.
    case priceProximityTime
    /// Price, then time: the classic continuous book.
    case priceTime
}
