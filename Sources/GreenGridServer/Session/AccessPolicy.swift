import GreenGridDomain
import GreenGridProtocol

/// Which messages a session may send, by role, deny by default. Ownership (a trader touches
/// only their own orders) is enforced further in, by the zone engine, per order.
public enum AccessPolicy {
    /// Whether a client in `role` (nil: not logged on yet) may send a message of `type`.
    public static func allows(_ type: MessageType, role: Role?) -> Bool {
        guard type.sender != .server else { return false }
        switch type {
        case .logonRequest, .logonProof:
            return role == nil
        case .heartbeat, .logout:
            return true
        case .subscribe, .unsubscribe, .snapshotRequest, .replayRequest, .zoneListRequest, .priceRequest, .priceSubscribe:
            return role != nil
        case .newOrder, .cancelOrder, .replaceOrder, .massCancel, .orderStatusRequest:
            return role?.mayTrade ?? false
        case .auctionStart, .auctionStop:
            // A prosumer auctions their own energy; grid operators and admins start zone auctions
            // (forZone) and may stop any auction. Consumers have nothing to auction.
            return role == .prosumer || (role?.mayOperateGrid ?? false)
        case .haltZone, .resumeZone:
            return role?.mayOperateGrid ?? false
        case .createUser, .setRole:
            return role == .admin
        case .meterReadings:
            return role?.maySendReadings ?? false
        case .registerMeter:
            return role?.mayRegisterMeters ?? false
        case .zoneEnergySubscribe, .forecastRequest:
            // The live view and zone forecasts are public to every user; a meter's forecast only
            // to its owner and the grid (checked when it is answered).
            return role != nil
        case .alertSet, .alertDelete, .alertListRequest, .inboxRequest:
            // Alerts are for people; a gateway is a device.
            return role != nil && role != .gateway
        case .balanceRequest, .depositRequest, .withdrawRequest, .historyRequest, .statementRequest:
            // Any logged-on user may ask; only traders have a wallet (the others are answered noWallet).
            return role != nil
        default:
            return false
        }
    }

    /// The matrix as rows of text, for the documentation and for a person checking it.
    public static func table() -> [(type: MessageType, allowed: [String])] {
        let columns: [(String, Role?)] = [("none", nil), ("prosumer", .prosumer), ("consumer", .consumer),
                                          ("gridOperator", .gridOperator), ("admin", .admin),
                                          ("gateway", .gateway)]
        return MessageType.allCases.filter { $0.sender != .server }.map { type in
            (type, columns.filter { allows(type, role: $0.1) }.map(\.0))
        }
    }
}
