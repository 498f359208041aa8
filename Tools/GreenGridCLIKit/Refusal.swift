import GreenGridClient
import GreenGridProtocol

/// The exchange's "no", with the reason by name and code as Protocol/README.md lists them, so a
/// user can look it up.
enum Refusal {
    static func failure(_ answer: RequestAnswer, doing what: String) -> CommandFailure {
        let (kind, name, code, text): (String, String, UInt16, String) = switch answer {
        case .rejected(let m): ("reject", "\(m.reason)", m.reason.rawValue, "")
        case .adminRejected(let m): ("adminReject", "\(m.reason)", m.reason.rawValue, "")
        case .protocolReject(let m): ("protocolReject", "\(m.reason)", m.reason.rawValue, m.text)
        default: ("unexpected", "unexpectedAnswer", 0, "\(answer)")
        }
        let detail = text.isEmpty ? "" : " — \(text)"
        return CommandFailure(
            exitCode: .refused, message: "\(what) refused by the exchange: \(name) (\(code))\(detail)",
            json: .object([("kind", .string(kind)), ("reason", .string(name)), ("code", .int(Int64(code))), ("text", .string(text))]))
    }
}
