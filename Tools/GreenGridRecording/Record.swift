/// One entry of a recording: when it arrived, what kind it is, and its bytes.
public struct Record: Sendable, Hashable {
    /// Wall-clock nanoseconds since the Unix epoch when the recorder took the message from the client.
    public var receiveTimeNs: Int64
    public var kind: RecordKind
    /// For frame kinds the protocol frame bytes, header included; for markers their own layout.
    public var payload: [UInt8]

    public init(receiveTimeNs: Int64, kind: RecordKind, payload: [UInt8]) {
        self.receiveTimeNs = receiveTimeNs
        self.kind = kind
        self.payload = payload
    }
}
