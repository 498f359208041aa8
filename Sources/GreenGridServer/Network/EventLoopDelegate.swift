/// The owner of a loop's connections (the server): told, on the loop's thread, when a
/// connection arrives, has bytes, or is gone. The owner decodes and replies from these
/// calls, or hands the work to actors and comes back through `EventLoop.execute`.
public protocol EventLoopDelegate: AnyObject {
    /// A connection was admitted; it is already reading.
    func accepted(_ connection: Connection)
    /// New bytes arrived; `bytesAvailable` are unconsumed in total. Consume them with
    /// `withInboundBytes` + `consumeInbound` (or `readInbound`); whatever is left stays, and
    /// reading pauses once the inbound bound is reached, resuming when bytes are consumed.
    func readable(_ connection: Connection, bytesAvailable: Int)
    /// The connection closed and its descriptor is released; delivered at the end of the loop
    /// iteration, never from inside the owner's own `close()` call.
    func closed(_ connection: Connection, reason: CloseReason)
    /// Accepting paused (out of descriptors or memory) and resumes after the backoff.
    func acceptPaused(_ listener: Listener, error: NetworkError)
}

extension EventLoopDelegate {
    public func acceptPaused(_ listener: Listener, error: NetworkError) {}
}
