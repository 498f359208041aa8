/// Written last by a recorder that stopped on purpose; its absence means the recorder died.
public struct EndMarker: Sendable, Hashable {
    public enum Reason: UInt8, Sendable, Hashable {
        case duration = 1
        case signal = 2
        case clientEnded = 3
    }

    public static let payloadBytes = 1
    public var reason: Reason

    public init(reason: Reason) { self.reason = reason }

    public var payload: [UInt8] { [reason.rawValue] }

    public init?(payload: [UInt8]) {
        guard payload.count == Self.payloadBytes, let reason = Reason(rawValue: payload[0]) else { return nil }
        self.init(reason: reason)
    }
}
