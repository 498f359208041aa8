import GreenGridAlerts
import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol

/// What each vector in Protocol/vectors means, written out here by hand from the vector's comments, so
/// a vector, the codec and this table must all agree for the tests to pass.
enum Expected {
    /// 2027-01-01T00:00:00Z and the 04:00Z delivery interval of that day.
    static let t0: Int64 = 1_798_761_600_000
    static let interval: Int64 = 1_798_776_000_000

    // The worked logon example of Protocol/protocol.md (user "alice", password
    // "correct horse battery staple", 4,096 iterations), computed with Python's hashlib and hmac.
    static let serverNonce = bytes("1faa8eba3b0eee23a779f3f0723b784c4aab59e4e9453f26ab4cf7adf94bfa5b")
    static let clientNonce = bytes("948fe03f670c8a068743aa425eb08ee0b173b22f0544e8f90182104691d0da6c")
    static let aliceSalt = bytes("7b090fcfddfe29364bab66fcf6033a73")
    static let aliceDerivedKey = bytes("2641af833551afbb48a04117344605d0afd2780b7eb0457aa8153db351cba687")
    static let aliceProof = bytes("74b5607a174d08031246760449bec67279671355e53762655f127adeaa94eb48")
    static let bobSalt = bytes("f832c898fa4b01f1d1e8d8cc6b6851c2")
    static let bobDerivedKey = bytes("a80d2816b96217cbc13be975389d843d974c07208d6861e204295a118c77d820")

    static func bytes(_ hex: String) -> [UInt8] { Vectors.parseHex(hex) }

    /// 2027-02-01T00:00:00Z: the end (exclusive) of January, the month of the wallet vectors.
    static let february: Int64 = 1_801_440_000_000
    /// The statement of the wallet vectors: the CSV header of Sources/GreenGridBilling and two `statement` rows.
    static let statement = "record,line,booked_utc,kind,trade_id,order_id,zone,interval_start_utc,counterparty_zone,side,"
        + "energy_kwh,price_per_kwh,amount,balance_after,flags,memo\r\n"
        + "statement,,,trader_id,,,,,,,,,,,,100001\r\n"
        + "statement,,,month,,,,,,,,,,,,2027-01\r\n"
    /// CRC-32C of `statement`, computed with Python (and checked by `WalletTests` with a bitwise CRC-32C).
    static let statementCRC32C: UInt32 = 0x3033_A0F3

    /// 2027-01-01T10:00:00Z: the metering vectors' readings and interval (zone 0, "harbour").
    static let meteringInterval: Int64 = t0 + 10 * 3_600_000
    /// 2027-01-01T07:30:00Z: the first interval of the sunrise forecast.
    static let sunrise: Int64 = t0 + 27_000_000
    /// 2027-01-04T17:00:00Z: 18:00 local (UTC+1) on a Monday, harbour's peak tier (the price vectors).
    static let peakInterval: Int64 = t0 + 3 * 86_400_000 + 17 * 3_600_000
    /// A gateway's batch: a household meter importing (registers unchanged for over an hour while it
    /// reports 640 W: flagged frozen), and alice's rooftop solar meter exporting, with no power measured.
    static let readings: [MeterReading] = [
        MeterReading(meterId: 1_001, timestampMs: meteringInterval, importWh: 4_285_310, exportWh: 0, powerW: 640),
        MeterReading(meterId: 1_002, timestampMs: meteringInterval, importWh: 12_480, exportWh: 3_127_905, powerW: nil,
                     status: .batteryLow),
    ]

    static let messages: [Message] = [
        .logonRequest(.init(username: "alice")),
        .logonProof(.init(clientNonce: clientNonce, proof: aliceProof, heartbeatIntervalMs: 1_000,
                          flags: .cancelOnDisconnect, resumeSessionId: 0, resumeFromSessionSequence: 0)),
        .heartbeat(.init()),
        .logout(.init(reason: .userRequested, text: "end of day")),
        .challenge(.init(serverNonce: serverNonce, salt: aliceSalt, iterations: 4_096, nonceLifetimeMs: 10_000,
                         versionMin: 1, versionMax: 1)),
        .logonAccepted(.init(sessionId: 1_001, traderId: 100_001, heartbeatIntervalMs: 1_000, role: .prosumer,
                             flags: .cancelOnDisconnect, zone: 0, replayFromSessionSequence: 1, nextSessionSequence: 1)),
        .logonRejected(.init(reason: .badCredentials)),
        .resumeUnavailable(.init(resumeSessionId: 1_001, requestedFromSessionSequence: 17, oldestAvailableSessionSequence: 40)),

        .newOrder(.init(clientOrderId: 7, zone: 0, intervalStartMs: interval, side: .buy, quantityWh: 1_500,
                        priceMicrosPerKWh: 250_000, timeInForce: .goodTillGateClosure, source: .other,
                        acceptedSources: .renewableOnly, selfTradePrevention: .cancelBoth)),
        .cancelOrder(.init(zone: 0, orderId: 42)),
        .replaceOrder(.init(zone: 0, orderId: 42, side: .buy, intervalStartMs: interval, quantityWh: 1_000,
                            priceMicrosPerKWh: 250_100)),
        .massCancel(.init(clientRequestId: 9, zone: ProtocolConstants.allZones, intervalStartMs: ProtocolConstants.allIntervals)),
        .orderStatusRequest(.init(requestId: 11, zone: ProtocolConstants.allZones)),
        .auctionStart(.init(clientOrderId: 8, zone: 0, intervalStartMs: interval, quantityWh: 5_000, startPriceMicrosPerKWh: 300_000,
                            floorPriceMicrosPerKWh: 150_000, stepMicrosPerKWh: 10_000, stepIntervalMs: 30_000,
                            unsoldAtFloor: .returnToBook, source: .solar, forZone: false)),
        .auctionStop(.init(zone: 0, auctionId: 57)),
        .orderAccepted(.init(sessionSequence: 1, timestampMs: t0 + 123, orderId: 42, clientOrderId: 7, zone: 0,
                             intervalStartMs: interval, side: .buy, quantityWh: 1_500, priceMicrosPerKWh: 250_000,
                             timeInForce: .goodTillGateClosure, source: .other, acceptedSources: .renewableOnly)),
        .orderRejected(.init(sessionSequence: 2, timestampMs: t0 + 130, clientOrderId: 7, orderId: 0, rejectedType: .newOrder,
                             zone: 0, reason: .duplicateClientOrderId)),
        .fill(.init(sessionSequence: 3, timestampMs: t0 + 400, orderId: 42, clientOrderId: 7, tradeId: 43 << 20,
                    intervalStartMs: interval, priceMicrosPerKWh: 250_000, quantityWh: 1_000, remainingWh: 500,
                    valueMicros: 250_000, gridFeeMicros: 10_000, path: 0, zone: 0, counterpartyZone: 1, side: .buy,
                    source: .solar, liquidity: .maker)),
        .orderCancelled(.init(sessionSequence: 4, timestampMs: t0 + 500, orderId: 42, clientOrderId: 7, remainingWh: 500,
                              zone: 0, reason: .byTrader)),
        .orderExpired(.init(sessionSequence: 5, timestampMs: interval - 300_000, orderId: 42, clientOrderId: 7,
                            remainingWh: 500, zone: 0)),
        .orderReplaced(.init(sessionSequence: 6, timestampMs: t0 + 300, orderId: 42, clientOrderId: 7, quantityWh: 1_000,
                             priceMicrosPerKWh: 250_100, zone: 0, keptPriority: false)),
        .massCancelDone(.init(sessionSequence: 7, timestampMs: t0 + 600, clientRequestId: 9, cancelledCount: 3)),
        .openOrder(.init(requestId: 11, orderId: 42, clientOrderId: 7, zone: 0, intervalStartMs: interval, side: .buy, source: .other,
                         priceMicrosPerKWh: 250_000, remainingWh: 500, filledWh: 1_000, cancelOnDisconnect: true)),
        .openOrdersEnd(.init(requestId: 11, count: 1)),
        .auctionAccepted(.init(sessionSequence: 12, timestampMs: t0 + 1_100, auctionId: 57, clientOrderId: 8, zone: 0,
                               intervalStartMs: interval, quantityWh: 5_000, startPriceMicrosPerKWh: 300_000,
                               floorPriceMicrosPerKWh: 150_000, stepMicrosPerKWh: 10_000, stepIntervalMs: 30_000,
                               nextStepMs: t0 + 31_100, unsoldAtFloor: .returnToBook, source: .solar, byZone: false)),
        .auctionEnded(.init(sessionSequence: 13, timestampMs: t0 + 241_100, auctionId: 57, clientOrderId: 8, zone: 0,
                            intervalStartMs: interval, phase: .stopped, stopReason: .cancelled, quantityWh: 5_000, soldWh: 3_500,
                            unsoldWh: 1_500, unsoldOutcome: .expire, finalPriceMicrosPerKWh: 220_000)),

        .subscribe(.init(zone: 0, intervalStartMs: 0, snapshot: true)),
        .unsubscribe(.init(zone: 0, intervalStartMs: 0)),
        .snapshotRequest(.init(zone: 0, intervalStartMs: interval)),
        .replayRequest(.init(zone: 1, fromZoneSequence: 1_200)),
        .zoneListRequest(.init(requestId: 12)),
        .priceRequest(.init(requestId: 31, zone: 0, intervalStartMs: peakInterval)),
        .priceSubscribe(.init(zone: 0, active: true)),
        .snapshotBegin(.init(zone: 0, zoneSequence: 1_234, intervalStartMs: 0, levelCount: 2, zoneStatus: .open)),
        .snapshotLevel(.init(zone: 0, intervalStartMs: interval, priceMicrosPerKWh: 240_000, quantityWh: 2_500,
                             orderCount: 2, side: .sell)),
        .snapshotEnd(.init(zone: 0, zoneSequence: 1_234)),
        .bookUpdate(.init(zone: 0, zoneSequence: 1_235, timestampMs: t0 + 123, intervalStartMs: interval,
                          priceMicrosPerKWh: 250_000, quantityWh: 1_500, orderCount: 1, side: .buy)),
        .tradePrint(.init(zone: 0, zoneSequence: 1_236, timestampMs: t0 + 400, tradeId: 43 << 20, intervalStartMs: interval,
                          priceMicrosPerKWh: 250_000, quantityWh: 1_000, buyZone: 0, sellZone: 1, aggressor: .sell,
                          source: .solar)),
        .intervalStatus(.init(zone: 0, zoneSequence: 1_240, timestampMs: interval - 300_000, intervalStartMs: interval,
                              status: .gateClosed)),
        .zoneStatusUpdate(.init(zone: 1, zoneSequence: 977, timestampMs: t0 + 700, status: .halted)),
        .replayUnavailable(.init(zone: 1, fromZoneSequence: 1_200, oldestAvailableZoneSequence: 5_000)),
        .zoneInfo(.init(requestId: 12, zone: 1, zoneCount: 3, status: .halted, name: "hillside", feederCount: 4, zoneSequence: 977)),
        .priceInfo(.init(requestId: 31, zone: 0, intervalStartMs: peakInterval, tier: "peak", floorMicrosPerKWh: 10_000,
                         capMicrosPerKWh: 1_500_000, gridTariffMicrosPerKWh: 420_000,
                         reference: .init(priceMicrosPerKWh: 120_000, strategy: 2, basis: 2, fallback: 0, tradeCount: 0, quantityWh: 0,
                                          supplyWh: 0, demandWh: 0),
                         asOfMs: peakInterval - 1_800_000 + 12_250)),
        .auctionUpdate(.init(zone: 0, zoneSequence: 1_250, timestampMs: t0 + 61_100, auctionId: 57, intervalStartMs: interval,
                             phase: .filled, byZone: false, source: .solar, quantityWh: 5_000, remainingWh: 3_000,
                             startPriceMicrosPerKWh: 300_000, floorPriceMicrosPerKWh: 150_000, stepMicrosPerKWh: 10_000,
                             stepIntervalMs: 30_000, currentPriceMicrosPerKWh: 280_000, nextStepMs: t0 + 91_100,
                             unsoldAtFloor: .returnToBook)),
        .auctionResult(.init(zone: 0, zoneSequence: 1_262, timestampMs: t0 + 241_100, auctionId: 57, intervalStartMs: interval,
                             phase: .stopped, stopReason: .cancelled, byZone: false, source: .solar, quantityWh: 5_000,
                             soldWh: 3_500, unsoldWh: 1_500, unsoldOutcome: .expire, finalPriceMicrosPerKWh: 220_000)),

        .meterReadings(.init(batchId: 501, readings: readings)),
        .registerMeter(.init(requestId: 21, meterId: 1_002, ownerId: 100_001, gatewayId: 100_003, zone: 0, feederId: 3, kind: .solar,
                             ratedPowerW: 8_000)),
        .zoneEnergySubscribe(.init(zone: 0, active: true)),
        .forecastRequest(.init(requestId: 23, zone: 0, meterId: 0, method: .smartPersistence, intervals: 4)),
        .readingsAck(.init(batchId: 501, sequence: 812, outcomes: [.flagged(.frozenRegisters), .accepted])),
        .meterRegistered(.init(requestId: 21, meterId: 1_002, sequence: 17)),
        .meteringRejected(.init(requestId: 22, reason: .duplicateMeterId)),
        .zoneEnergy(.init(zone: 0, intervalStartMs: meteringInterval, importWh: 25_680, exportWh: 9_140, meters: 214,
                          quality: .estimated, asOfMs: meteringInterval + 432_500)),
        .forecast(.init(requestId: 23, zone: 0, meterId: 0, method: .smartPersistence, firstIntervalStartMs: sunrise,
                        productionWh: [0, 120, 1_450, 4_380])),

        .balanceRequest(.init(requestId: 3)),
        .depositRequest(.init(requestId: 1, amountMicros: 50_000_000)),
        .withdrawRequest(.init(requestId: 2, amountMicros: 1_250_000)),
        .historyRequest(.init(requestId: 4, fromMs: t0, toMs: february, maxEntries: 4)),
        .statementRequest(.init(requestId: 5, year: 2027, month: 1, format: .csv)),
        .balance(.init(requestId: 3, userId: 100_001, availableMicros: 48_356_500, reservedMicros: 132_000, escrowMicros: 261_500,
                       asOfSequence: 43)),
        .fundsMoved(.init(requestId: 1, kind: .deposit, amountMicros: 50_000_000, availableAfterMicros: 50_000_000, sequence: 30,
                          timestampMs: t0)),
        .walletRejected(.init(requestId: 6, reason: .insufficientFunds)),
        .historyEntry(.init(requestId: 4, sequence: 43, timestampMs: t0 + 400, kind: .escrow, reference: 43 << 20, quantityWh: 1_000,
                            availableDeltaMicros: 2_500, reservedDeltaMicros: -264_000, escrowDeltaMicros: 261_500)),
        .historyEnd(.init(requestId: 4, count: 4, more: true)),
        .statementChunk(.init(requestId: 5, offset: 0, data: Array(statement.utf8))),
        .statementEnd(.init(requestId: 5, format: .csv, totalBytes: UInt32(statement.utf8.count), crc32c: statementCRC32C)),

        .alertSet(.init(requestId: 41, zone: 0, intervalStartMs: interval, metric: .reference, direction: .above,
                        thresholdMicrosPerKWh: 300_000, rearmMicrosPerKWh: 20_000)),
        .alertDelete(.init(requestId: 42, alertId: 7)),
        .alertListRequest(.init(requestId: 43)),
        .inboxRequest(.init(requestId: 44, afterSequence: 2, maxNotifications: 50)),
        .alertAccepted(.init(requestId: 41, alertId: 7)),
        .alertRejected(.init(requestId: 45, reason: .tooManyAlerts)),
        .alertInfo(.init(requestId: 43, alertId: 7, zone: 0, intervalStartMs: interval, metric: .reference, direction: .above,
                         thresholdMicrosPerKWh: 300_000, rearmMicrosPerKWh: 20_000, createdAtMs: t0 + 1_000,
                         triggered: (priceMicrosPerKWh: 305_000, atMs: t0 + 61_000))),
        .alertListEnd(.init(requestId: 43, count: 1)),
        .notification(.init(requestId: 0, sequence: 3, alertId: 7, zone: 0, intervalStartMs: interval, metric: .reference,
                            direction: .above, thresholdMicrosPerKWh: 300_000, priceMicrosPerKWh: 305_000, triggeredAtMs: t0 + 61_000)),
        .inboxEnd(.init(requestId: 44, count: 1, lastSequence: 3)),

        .createUser(.init(requestId: 5, username: "bob", role: .consumer, zone: 1, feeder: 2, iterations: 4_096,
                          salt: bobSalt, derivedKey: bobDerivedKey)),
        .setRole(.init(requestId: 6, traderId: 100_002, role: .prosumer)),
        .haltZone(.init(requestId: 7, zone: 1, cancelResting: true)),
        .resumeZone(.init(requestId: 8, zone: 1)),
        .userCreated(.init(sessionSequence: 8, timestampMs: t0 + 800, requestId: 5, traderId: 100_002)),
        .adminAccepted(.init(sessionSequence: 9, timestampMs: t0 + 700, requestId: 7, requestType: .haltZone)),
        .adminRejected(.init(sessionSequence: 10, timestampMs: t0 + 900, requestId: 8, requestType: .resumeZone,
                             reason: .zoneNotHalted)),

        .protocolReject(.init(sessionSequence: 11, timestampMs: t0 + 1_000, rejectedType: MessageType.newOrder.rawValue,
                              reason: .invalidValue, fieldOffset: 26, text: "side")),
    ]

    static func message(for type: MessageType) -> Message? { messages.first { $0.type == type } }
}
