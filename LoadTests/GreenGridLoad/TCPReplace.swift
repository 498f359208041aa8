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

/// A short, stable name for a client error, for counting errors by kind in the result line.
enum TCPErrorLabel {
    static func of(_ error: ClientError) -> String {
        if let label = Mirror(reflecting: error).children.first?.label { return label }
        return "\(error)"
    }
}
