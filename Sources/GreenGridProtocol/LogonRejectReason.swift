/// Why a logon failed; the server closes the connection after LogonRejected. Stable on the wire.
public enum LogonRejectReason: UInt16, Sendable, Hashable, CaseIterable {
    /// Unknown user or wrong proof: deliberately indistinguishable, so names cannot be probed.
    case badCredentials = 1
    /// The proof arrived after the challenge's nonce lifetime.
    case nonceExpired = 2
    /// resumeFromSessionSequence is beyond the session's next sequence (the client claims messages
    /// the server never sent).
    case resumeInvalid = 3
    /// The server's connection or session limit is reached.
    case tooManyConnections = 4
    /// The server is starting, recovering or shutting down.
    case serverUnavailable = 5
}
