/// Why a connection ends, sent in Logout by whichever side ends it. Stable on the wire.
public enum LogoutReason: UInt16, Sendable, Hashable, CaseIterable {
    /// The client asked to log out (the server answers with the same reason).
    case userRequested = 1
    /// Nothing arrived for three heartbeat intervals.
    case heartbeatTimeout = 2
    /// No successful logon within the unauthenticated timeout (default 10 s).
    case logonTimeout = 3
    /// A ProtocolReject that closes the connection was just sent.
    case protocolError = 4
    /// A newer logon of the same user took the session over.
    case sessionTakenOver = 5
    /// The client read too slowly and its outbound queue passed its bound; it may resume.
    case slowConsumer = 6
    /// The client sent far above its message rate.
    case rateLimitExceeded = 7
    /// The server is shutting down.
    case serverShutdown = 8
    /// An admin changed the user (for example its role); log on again.
    case administrative = 9
}
