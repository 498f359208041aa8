import GreenGridClient
import GreenGridDomain

/// A replace to send: fire and forget like everything else, its answer timed from the session stream.
struct TCPReplace: Sendable {
    var zone: UInt16
    var orderId: OrderId
    var side: Side
    var intervalStartMs: Int64
    var quantityWh: Int64
    var priceMicrosPerKWh: Int64
}

/// The requests planned for one connection since its last write, with their ledger keys.
struct TCPBatch {
    private(set) var requests: [OutgoingRequest] = []
    private(set) var keys: [TCPAnswerKey] = []

    mutating func append(_ request: OutgoingRequest, _ key: TCPAnswerKey) {
        requests.append(request)
        keys.append(key)
    }

    mutating func removeAll() {
        requests.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
    }
}

/// A short, stable name for a client error, for counting errors by kind in the result line.
enum TCPErrorLabel {
    static func of(_ error: ClientError) -> String {
        if let label = Mirror(reflecting: error).children.first?.label { return label }
        return "\(error)"
    }
}
