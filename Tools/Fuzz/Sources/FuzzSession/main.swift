import FuzzSupport
import GreenGridDomain
import GreenGridProtocol
import GreenGridServer

// The session state machine: sequences of frames through one session's gate, as the server's
// reader applies it (ExchangeServer.readable and handle): the frame decoder, then FrameAdmission
// (decode, access table by role, rate limiter), then the logon steps (LogonRequest → Challenge with a
// nonce from NonceRegistry → LogonProof → logged on in a role, or refused), logout, and closing on
// every refusal that closes. The socket, the engine and the credential check are not here: the
// proof is taken as right or wrong by the input.
//
// Input: [role u8][rate u8][limits u8][stream …]. role % 6: 0 the proof is wrong (LogonRejected),
// else the Role it logs on as. rate: 1 … 64 messages per second, burst 1 … 4. limits: low nibble
// disconnect after 1 … 16 rejects, high nibble × 16 ms passes per frame (0 … 240 ms, so nonces
// can expire). Checked, frame by frame: nothing traps; nothing but LogonRequest, LogonProof,
// Heartbeat and Logout reaches a handler before logon, and never a logon message after it; no
// server-to-client message reaches a handler; what is dispatched is what AccessPolicy allows and
// re-encodes to the frame's exact bytes; a refusal matches the access table; decode errors close
// the session; the rate limiter admits no more than burst + rate × time, and disconnects only
// after its rejects; a nonce is valid once, and only before it expires; a closed session reads nothing.

/// A session's logon progress, as `ServerSession.LogonState` without the credential.
enum LogonState: Equatable {
    case awaitingRequest
    case challenged(nonce: [UInt8], expiresAtMs: Int64)
    case loggedOn(Role)
}

/// Random bytes for the nonces, from the input (the server uses the system's generator).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSession(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let roleByte = input.byte() % 6
    let acceptedRole = Role(rawValue: roleByte)  // nil: the proof is wrong
    let rate = input.byte()
    let limits = input.byte()
    let messagesPerSecond = 1 + Int64(rate & 0x3F)
    let burst = 1 + Int64(rate >> 6)
    let disconnectAfterRejects = 1 + Int(limits & 0x0F)
    let stepMs = Int64(limits >> 4) * 16
    let stream = Array(input.remaining)

    let startMs: Int64 = 1_798_776_000_000
    var nowMs = startMs
    var limiter = RateLimiter(messagesPerSecond: messagesPerSecond, burst: burst, disconnectAfterRejects: disconnectAfterRejects, nowMs: nowMs)
    var nonces = NonceRegistry()
    var random = SplitMix(state: UInt64(size))
    var decoder = FrameDecoder(readBytesMax: max(1, stream.count))
    var logon = LogonState.awaitingRequest
    var closing = false
    var admitted: Int64 = 0
    var rateRejects = 0

    decoder.append(stream)
    while !closing {
        let frame: Frame
        do throws(FrameError) {
            guard let next = try decoder.next() else { break }
            frame = next
        } catch {
            fuzzCheck(error.reason.closesConnection, "framing error \(error) does not close")
            closing = true
            break
        }
        nowMs += stepMs
        let role: Role? = if case .loggedOn(let role) = logon { role } else { nil }
        switch FrameAdmission.admit(frame, role: role, rateLimiter: &limiter, nowMs: nowMs) {
        case .malformed(let error):
            fuzzCheck(error.reason.closesConnection, "decode error \(error) does not close")
            closing = true
        case .denied(let reason, let type):
            fuzzCheck(!AccessPolicy.allows(type, role: role), "\(type.name) denied though allowed for \(String(describing: role))")
            switch reason {
            case .wrongDirection: fuzzCheck(type.sender == .server, "wrongDirection for \(type.name)")
            case .notLoggedOn: fuzzCheck(role == nil && type.sender != .server, "notLoggedOn while logged on")
            case .alreadyLoggedOn: fuzzCheck(role != nil && (type == .logonRequest || type == .logonProof), "alreadyLoggedOn for \(type.name)")
            case .notPermitted: fuzzCheck(role != nil && type.sender != .server, "notPermitted for \(type.name)")
            default: fuzzCheck(false, "denied with \(reason)")
            }
            if reason.closesConnection { closing = true }
        case .rateLimited:
            rateRejects += 1
        case .disconnect:
            fuzzCheck(rateRejects + 1 >= disconnectAfterRejects, "disconnected after \(rateRejects) rejects, limit \(disconnectAfterRejects)")
            closing = true
        case .dispatch(let message):
            admitted += 1
            let type = message.type
            let allowance = burst + (nowMs - startMs) * messagesPerSecond / 1000
            fuzzCheck(admitted <= allowance, "admitted \(admitted) messages, allowance \(allowance)")
            fuzzCheck(type.sender != .server, "\(type.name) from the server reached a handler")
            fuzzCheck(AccessPolicy.allows(type, role: role), "\(type.name) dispatched for \(String(describing: role))")
            if role == nil {
                fuzzCheck([.logonRequest, .logonProof, .heartbeat, .logout].contains(type), "\(type.name) before logon")
            } else {
                fuzzCheck(type != .logonRequest && type != .logonProof, "\(type.name) after logon")
            }
            let bytes = message.frameBytes
            fuzzCheck(bytes[FrameLayout.headerBytes...].elementsEqual(frame.body), "\(type.name) does not re-encode to its frame")
            switch message {
            case .logonRequest:
                // ExchangeServer.logonRequest: only as the first step, else logonOutOfOrder (closes).
                guard case .awaitingRequest = logon else { closing = true; break }
                guard let issued = nonces.issue(connection: 1, nowMs: nowMs, using: &random) else { closing = true; break }
                fuzzCheck(issued.nonce.count == NonceRegistry.nonceBytes, "nonce of \(issued.nonce.count) bytes")
                logon = .challenged(nonce: issued.nonce, expiresAtMs: issued.expiresAtMs)
            case .logonProof:
                // ExchangeServer.logonProof: only after a Challenge; the nonce is spent either way.
                guard case .challenged(let nonce, let expiresAtMs) = logon else { closing = true; break }
                let redemption = nonces.redeem(nonce, connection: 1, nowMs: nowMs)
                fuzzCheck(redemption == (nowMs < expiresAtMs ? .valid : .expired), "nonce redeemed as \(redemption)")
                fuzzCheck(nonces.redeem(nonce, connection: 1, nowMs: nowMs) == .unknown, "a nonce was valid twice")
                if redemption == .valid, let acceptedRole {
                    logon = .loggedOn(acceptedRole)
                } else {
                    closing = true  // LogonRejected (nonceExpired or badCredentials), then closed
                }
            case .logout:
                closing = true
            default:
                break
            }
        }
    }
    if closing {
        // ExchangeServer.readable consumes and ignores what a closing session still receives.
        fuzzCheck(nonces.count <= 1, "\(nonces.count) nonces outstanding for one connection")
    }
    return 0
}

runFuzzer(fuzzSession)
