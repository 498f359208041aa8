import GreenGridClient
import GreenGridDomain

/// A replace to send. The client library has no fire-and-forget replace (only the awaited
/// `replace`), so replaces go through a few long-lived lanes per connection instead of a task
/// per order; the answer is still timed from the session stream like every other request.
struct TCPReplace: Sendable {
    var zone: UInt16
    var orderId: OrderId
    var side: Side
    var intervalStartMs: Int64
    var quantityWh: Int64
    var priceMicrosPerKWh: Int64
}

/// Lanes that send replaces through the awaited API: each awaits one answer at a time, so a
/// handful keeps replaces flowing while the server's journal syncs.
final class TCPReplaceLanes: Sendable {
    let inputs: [AsyncStream<TCPReplace>.Continuation]
    let tasks: [Task<Void, Never>]

    init(client: GreenGridClient, lanes: Int, failed: @escaping @Sendable (TCPReplace, ClientError) -> Void) {
        var inputs: [AsyncStream<TCPReplace>.Continuation] = []
        var tasks: [Task<Void, Never>] = []
        for _ in 0..<lanes {
            let (stream, input) = AsyncStream.makeStream(of: TCPReplace.self)
            inputs.append(input)
            tasks.append(Task {
                for await replace in stream {
                    do throws(ClientError) {
                        _ = try await client.replace(zone: replace.zone, orderId: replace.orderId, side: replace.side,
                                                     intervalStartMs: replace.intervalStartMs, quantityWh: replace.quantityWh,
                                                     priceMicrosPerKWh: replace.priceMicrosPerKWh)
                    } catch {
                        // A timeout is not a failure to send: the answer may still come on the stream.
                        if case .requestTimedOut = error { continue }
                        failed(replace, error)
                    }
                }
            })
        }
        self.inputs = inputs
        self.tasks = tasks
    }

    func send(_ replace: TCPReplace) {
        inputs[Int(replace.orderId % UInt64(inputs.count))].yield(replace)
    }

    func finish() async {
        for input in inputs { input.finish() }
        for task in tasks { await task.value }
    }
}

/// A short, stable name for a client error, for counting errors by kind in the result line.
enum TCPErrorLabel {
    static func of(_ error: ClientError) -> String {
        if let label = Mirror(reflecting: error).children.first?.label { return label }
        return "\(error)"
    }
}
