/// Why a metering request (a meter registration, a forecast request, a whole batch of readings)
/// was refused, sent in MeteringRejected. Single readings are refused inside ReadingsAck with a
/// `ReadingRejection` instead. Stable on the wire.
public enum MeteringRejectReason: UInt16, Sendable, Hashable, CaseIterable {
    /// The meter is not registered.
    case unknownMeter = 1
    case duplicateMeterId = 2
    /// A rated power of 0 or less, or above 100 MW.
    case ratedPowerInvalid = 3
    /// The registry holds its maximum number of meters.
    case registryFull = 4
    case unknownZone = 5
    /// The owner is not a trader (prosumer or consumer) of the exchange.
    case unknownOwner = 6
    /// The gateway is not a user with the gateway role.
    case unknownGateway = 7
    /// A field outside its range the codec does not check (a forecast's `intervals` outside 1 ... 192).
    case invalidRequest = 8
    /// The metering service cannot answer now (for example it is stopping): send again later.
    case notReady = 9
    /// A forecast of a meter that belongs to someone else (grid operators and admins may ask for any).
    case notYourMeter = 10
    /// A meter registered in a zone other than its owner's: the owner's energy is settled in the
    /// zone where they trade, so their meters must sit there.
    case ownerZoneMismatch = 11
}

/// The forecasting method a ForecastRequest names. Stable on the wire.
public enum ForecastMethodCode: UInt8, Sendable, Hashable, CaseIterable {
    /// Smart persistence on the clear-sky index.
    case smartPersistence = 1
    /// Exponential smoothing on the clear-sky index.
    case exponentialSmoothing = 2
}

/// A reading's outcome kind in ReadingsAck; the `reason` field that follows it holds the
/// `ReadingFlags` bits for `flagged`, the `ReadingRejection` code for `rejected`, else 0.
public enum ReadingOutcomeCode: UInt8, Sendable, Hashable, CaseIterable {
    case accepted = 0
    case duplicate = 1
    case flagged = 2
    case rejected = 3
}
