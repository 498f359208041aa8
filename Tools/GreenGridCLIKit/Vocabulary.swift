import GreenGridDomain
import GreenGridProtocol

/// The words the command line uses for the protocol's enumerations, in both directions, so
/// what a user types and what the tool prints are the same spelling.
enum Vocabulary {
    static let roles: [(String, Role)] = [("prosumer", .prosumer), ("consumer", .consumer), ("gridOperator", .gridOperator), ("admin", .admin)]
    static let sides: [(String, Side)] = [("buy", .buy), ("sell", .sell)]
    static let timesInForce: [(String, TimeInForce)] = [("gtc", .goodTillGateClosure), ("ioc", .immediateOrCancel), ("fok", .fillOrKill)]
    static let sources: [(String, EnergySource)] = [("solar", .solar), ("wind", .wind), ("battery", .battery), ("hydro", .hydro), ("other", .other)]
    static let statementFormats: [(String, StatementFormat)] = [("csv", .csv), ("html", .html)]

    static func role(_ text: String) throws(UsageError) -> Role {
        let folded = text.lowercased().filter { $0 != "-" && $0 != "_" }
        guard let match = roles.first(where: { $0.0.lowercased() == folded }) else {
            throw UsageError("role '\(text)' is not one of \(roles.map(\.0).joined(separator: ", "))")
        }
        return match.1
    }

    static func side(_ text: String) throws(UsageError) -> Side { try pick(text, sides, "side") }
    static func timeInForce(_ text: String) throws(UsageError) -> TimeInForce { try pick(text, timesInForce, "--tif") }
    static func source(_ text: String) throws(UsageError) -> EnergySource { try pick(text, sources, "--source") }
    static func statementFormat(_ text: String) throws(UsageError) -> StatementFormat { try pick(text, statementFormats, "--format") }

    static func name(_ role: Role) -> String { roles.first { $0.1 == role }!.0 }
    static func name(_ side: Side) -> String { side == .buy ? "buy" : "sell" }
    static func name(_ timeInForce: TimeInForce) -> String { timesInForce.first { $0.1 == timeInForce }!.0 }
    static func name(_ source: EnergySource) -> String { sources.first { $0.1 == source }!.0 }
    static func name(_ status: ZoneStatus) -> String { status == .open ? "open" : "halted" }
    static func name(_ format: StatementFormat) -> String { statementFormats.first { $0.1 == format }!.0 }
    /// A wallet history entry's kind as the protocol spells it (deposit, settlementPaid, …).
    static func name(_ kind: HistoryEntryKind) -> String { "\(kind)" }
    static func name(_ movement: FundsMovement) -> String { movement == .deposit ? "deposit" : "withdrawal" }

    private static func pick<T>(_ text: String, _ table: [(String, T)], _ what: String) throws(UsageError) -> T {
        guard let match = table.first(where: { $0.0 == text.lowercased() }) else {
            throw UsageError("\(what) '\(text)' is not one of \(table.map(\.0).joined(separator: ", "))")
        }
        return match.1
    }
}
