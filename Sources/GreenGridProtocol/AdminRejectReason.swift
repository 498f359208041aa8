/// Why an administration or grid-operation request was refused. Where the engine refuses, the code is
/// the engine's `RejectReason` code; the user registry's own refusals are 9xx. Stable on the wire.
public enum AdminRejectReason: UInt16, Sendable, Hashable, CaseIterable {
    /// = `RejectReason.unknownZone`.
    case unknownZone = 106
    /// = `RejectReason.roleCannotOperateGrid`: the engine's own check behind the server's role table.
    case roleCannotOperateGrid = 205
    /// = `RejectReason.unknownFeeder`.
    case unknownFeeder = 207
    /// = `RejectReason.roleChangeInvalid`: SetRole between a trading role (prosumer, consumer) and a
    /// non-trading one (grid operator, admin); those need a new user, since placements differ.
    case roleChangeInvalid = 208
    /// = `RejectReason.zoneNotHalted`: ResumeZone of a zone that is open.
    case zoneNotHalted = 301
    /// CreateUser with a username that exists.
    case usernameTaken = 900
    /// SetRole of a trader id that does not exist.
    case unknownUser = 901
    /// The iteration count is below the server's minimum (or the key parameters are otherwise refused).
    case keyParametersRejected = 902
    /// The role does not fit the zone and feeder: traders need both, operators and admins neither.
    case placementInvalid = 903
    /// The registry is full.
    case tooManyUsers = 904
}
