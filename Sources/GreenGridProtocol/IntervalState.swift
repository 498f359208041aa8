/// Whether a delivery interval accepts orders in a zone; trading stops for good at gate closure.
public enum IntervalState: UInt8, Sendable, Hashable, CaseIterable {
    case open = 1
    case gateClosed = 2
}
