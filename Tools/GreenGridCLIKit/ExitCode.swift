/// The process outcome, so scripts can tell "the exchange said no" from "I typed it wrong" from
/// "the exchange is not there" without parsing text.
public enum ExitCode: Int32, Sendable, Hashable, CaseIterable {
    case ok = 0
    /// The exchange refused the request; the reason is printed by name and code.
    case refused = 1
    /// The command line is wrong; nothing was sent.
    case usage = 2
    /// The exchange could not be reached or refused the logon.
    case cannotConnect = 3
    /// No answer in time, or the connection was lost mid-command: the outcome may be unknown.
    case timeout = 4

    var meaning: String {
        switch self {
        case .ok: return "success"
        case .refused: return "the exchange refused the request (reason printed by name and code)"
        case .usage: return "usage error (bad command, option or value); nothing was sent"
        case .cannotConnect: return "cannot connect or log on"
        case .timeout: return "timeout or lost connection (the request's outcome may be unknown)"
        }
    }
}
