import GreenGridDomain

/// Ready-made users for trying the server: `admin`/`admin-demo`, and per zone
/// `prosumer-<zone>` and `consumer-<zone>` with password `demo`, then `operator` (grid operator)
/// and `gateway` (the meter gateway the demo's simulated meters report through), then per zone
/// `community-<zone>` (the energy community's account that zone auctions sell for), password `demo`.
/// Kept in memory only.
public enum DemoUsers {
    public static let iterations = 4_096
    public static let adminPassword = "admin-demo"
    public static let traderPassword = "demo"

    /// Demo salts are the username's bytes, zero-padded (or cut) to 16 bytes: deterministic, so
    /// the same demo users work across restarts. Real users get random salts.
    public static func salt(for username: String) -> [UInt8] {
        var bytes = Array(username.utf8.prefix(16))
        bytes += [UInt8](repeating: 0, count: 16 - bytes.count)
        return bytes
    }

    /// (username, password, participant), trader ids from 1: admin, then per zone a prosumer and a
    /// consumer, then the grid operator and the gateway.
    public static func accounts(market: Market) -> [(username: String, password: String, participant: Participant)] {
        var accounts: [(String, String, Participant)] = [
            ("admin", adminPassword, Participant(traderId: 1, role: .admin, zone: 0, feeder: -1)),
        ]
        for (index, zone) in market.zones.enumerated() {
            let base = TraderId(2 + 2 * index)
            accounts.append(("prosumer-\(zone.name)", traderPassword,
                             Participant(traderId: base, role: .prosumer, zone: index, feeder: 0)))
            accounts.append(("consumer-\(zone.name)", traderPassword,
                             Participant(traderId: base + 1, role: .consumer, zone: index, feeder: 0)))
        }
        let next = TraderId(2 + 2 * market.zones.count)
        accounts.append(("operator", traderPassword, Participant(traderId: next, role: .gridOperator, zone: 0, feeder: -1)))
        accounts.append(("gateway", traderPassword, Participant(traderId: next + 1, role: .gateway, zone: 0, feeder: -1)))
        for (index, zone) in market.zones.enumerated() {
            accounts.append(("community-\(zone.name)", traderPassword,
                             Participant(traderId: next + 2 + TraderId(index), role: .prosumer, zone: index, feeder: 0)))
        }
        return accounts.map { (username: $0.0, password: $0.1, participant: $0.2) }
    }

    public static func credentials(market: Market) -> [Credential] {
        accounts(market: market).map { account in
            let salt = salt(for: account.username)
            return Credential(username: account.username, participant: account.participant, salt: salt, iterations: iterations,
                              derivedKey: Credential.derive(password: account.password, salt: salt, iterations: iterations))
        }
    }

    /// What each demo trader finds in their wallet in a new journal: 10,000 currency units.
    public static let startingBalanceMicros: Int64 = 10_000_000_000
    /// The request id of that deposit: the largest, so it never meets a client's own ids.
    public static let fundingRequestId = UInt64.max

    /// The deposits that fund the demo traders (markets with wallets).
    public static func fundingCommands(market: Market) -> [Command] {
        accounts(market: market).filter { $0.participant.role.mayTrade }.map {
            .deposit(WalletRequest(traderId: $0.participant.traderId, zone: $0.participant.zone, requestId: fundingRequestId,
                                   amountMicros: startingBalanceMicros))
        }
    }

    /// The commands that register the demo participants in a new journal.
    public static func registrationCommands(market: Market) -> [Command] {
        accounts(market: market).map { .registerParticipant($0.participant) }
    }
}

extension DemoUsers {
    /// The demo gateway's trader id in `market`.
    public static func gatewayId(market: Market) -> TraderId { TraderId(3 + 2 * market.zones.count) }
    public static let gatewayUsername = "gateway"
    public static let operatorUsername = "operator"

    /// Each zone's community account (`community-<zone>`), for zone auctions.
    public static func communityAccounts(market: Market) -> [ZoneIndex: TraderId] {
        let first = TraderId(4 + 2 * market.zones.count)
        return Dictionary(uniqueKeysWithValues: market.zones.indices.map { ($0, first + TraderId($0)) })
    }
}
