
/// Journal record types of the ledger, inside the family `CommandType.ledgerCodes` (64...95)
/// that the domain reserves for it. Stable on disk: never renumber, only add.
public enum LedgerCommandType: UInt8, Sendable, Hashable, CaseIterable {
    case deposit = 64
    case withdraw = 65
    case reserve = 66
    case release = 67
    case replaceReservation = 68
    case fill = 69
    case settle = 70

    /// The whole body's size: each type has one fixed layout (Protocol/ledger-bodies.md).
    public var bodyBytes: Int {
        switch self {
        case .deposit, .withdraw: return LedgerCommandLayout.Payment.bodyBytes
        case .reserve, .release: return LedgerCommandLayout.Reservation.bodyBytes
        case .replaceReservation: return LedgerCommandLayout.ReplaceReservation.bodyBytes
        case .fill: return LedgerCommandLayout.Fill.bodyBytes
        case .settle: return LedgerCommandLayout.Settle.bodyBytes
        }
    }
}

/// Byte offsets of every field of a ledger record body. The 17-byte header is the journal's
/// (`CommandLayout`): sequence u64, timestampMs i64, type u8.
public enum LedgerCommandLayout {
    public static let headerBytes = CommandLayout.headerBytes

    /// deposit and withdraw.
    public enum Payment {
        public static let user = 17
        public static let requestId = 21
        public static let amountMicros = 29
        public static let bodyBytes = 37
    }

    /// reserve and release.
    public enum Reservation {
        public static let user = 17
        public static let orderId = 21
        public static let revision = 29
        public static let quantityWh = 37
        public static let microsPerWh = 45
        public static let bodyBytes = 53
    }

    public enum ReplaceReservation {
        public static let user = 17
        public static let orderId = 21
        public static let revision = 29
        public static let oldQuantityWh = 37
        public static let oldMicrosPerWh = 45
        public static let newQuantityWh = 53
        public static let newMicrosPerWh = 61
        public static let bodyBytes = 69
    }

    public enum Fill {
        public static let tradeId = 17
        public static let intervalStartMs = 25
        public static let buyer = 33
        public static let seller = 37
        public static let gridFeeZone = 41
        public static let quantityWh = 43
        public static let priceMicrosPerKWh = 51
        public static let platformFeeMicrosPerKWh = 59
        public static let gridFeeMicrosPerKWh = 67
        public static let reservationMicrosPerWh = 75
        public static let bodyBytes = 83
    }

    public enum Settle {
        public static let tradeId = 17
        public static let intervalStartMs = 25
        public static let deliveredWh = 33
        public static let outcome = 41
        public static let bodyBytes = 42
    }

    /// The largest body of any ledger type.
    public static let bodyBytesMax = 83
}
