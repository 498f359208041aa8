import GreenGridCrypto

/// The logon proof: HMAC-SHA256 keyed with the user's derived key over
/// server nonce ‖ client nonce ‖ username (UTF-8). The client computes it from its password;
/// the server from the stored key; neither the password nor the key crosses the wire.
public enum LogonProof {
    public static func message(serverNonce: [UInt8], clientNonce: [UInt8], username: String) -> [UInt8] {
        serverNonce + clientNonce + Array(username.utf8)
    }

    public static func compute(derivedKey: [UInt8], serverNonce: [UInt8], clientNonce: [UInt8], username: String) -> [UInt8] {
        HMACSHA256.authenticate(key: derivedKey, message: message(serverNonce: serverNonce, clientNonce: clientNonce, username: username))
    }

    public enum Outcome: Sendable, Hashable {
        case accepted(Credential)
        case unknownUser
        case badProof
        case nonceUnknown
        case nonceExpired
    }

    /// Checks a logon: the nonce first (it is spent either way), then the user, then the
    /// proof in constant time. Unknown users and bad proofs look the same to the caller's peer.
    public static func verify(username: String, clientNonce: [UInt8], proof: [UInt8], serverNonce: [UInt8], connection: UInt64,
                              nowMs: Int64, nonces: inout NonceRegistry, credentials: CredentialStore) -> Outcome {
        switch nonces.redeem(serverNonce, connection: connection, nowMs: nowMs) {
        case .unknown: return .nonceUnknown
        case .expired: return .nonceExpired
        case .valid: break
        }
        guard let credential = credentials.credential(named: username) else { return .unknownUser }
        guard clientNonce.count == NonceRegistry.nonceBytes else { return .badProof }
        let expected = compute(derivedKey: credential.derivedKey, serverNonce: serverNonce, clientNonce: clientNonce, username: username)
        return HMACSHA256.equal(expected, proof) ? .accepted(credential) : .badProof
    }
}
