
extension SequencedLedgerCommand {
    /// The journal record type of this command.
    public var typeCode: UInt8 { command.commandType.rawValue }

    /// Appends the record body: exactly `command.commandType.bodyBytes` bytes. Amounts are
    /// stored as given, valid or not: rejected commands are journaled too.
    public func encode(into writer: inout ByteWriter) {
        writer.write(sequence)
        writer.write(timestampMs)
        writer.write(typeCode)
        switch command {
        case .deposit(let user, let requestId, let amountMicros), .withdraw(let user, let requestId, let amountMicros):
            writer.write(user)
            writer.write(requestId)
            writer.write(amountMicros)
        case .reserve(let user, let orderId, let revision, let quantityWh, let microsPerWh),
             .release(let user, let orderId, let revision, let quantityWh, let microsPerWh):
            writer.write(user)
            writer.write(orderId)
            writer.write(revision)
            writer.write(quantityWh)
            writer.write(microsPerWh)
        case .replaceReservation(let user, let orderId, let revision, let oldQuantityWh, let oldMicrosPerWh, let newQuantityWh,
                                 let newMicrosPerWh):
            writer.write(user)
            writer.write(orderId)
            writer.write(revision)
            writer.write(oldQuantityWh)
            writer.write(oldMicrosPerWh)
            writer.write(newQuantityWh)
            writer.write(newMicrosPerWh)
        case .fill(let fill):
            writer.write(fill.tradeId)
            writer.write(fill.intervalStartMs)
            writer.write(fill.buyer)
            writer.write(fill.seller)
            writer.write(fill.gridFeeZone)
            writer.write(fill.quantityWh)
            writer.write(fill.priceMicrosPerKWh)
            writer.write(fill.platformFeeMicrosPerKWh)
            writer.write(fill.gridFeeMicrosPerKWh)
            writer.write(fill.reservationMicrosPerWh)
        case .settle(let tradeId, let intervalStartMs, let deliveredWh, let outcome):
            writer.write(tradeId)
            writer.write(intervalStartMs)
            writer.write(deliveredWh)
            writer.write(outcome.rawValue)
        }
    }

    /// The body as bytes.
    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: command.commandType.bodyBytes)
        encode(into: &writer)
        return writer.takeBytes()
    }

    /// Reads exactly one body: the whole reader must be the body. Never traps: a short body is
    /// `truncated`, a long one `trailingBytes`, an unknown type or outcome `invalidValue`.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> SequencedLedgerCommand {
        let sequence = try reader.readUInt64()
        let timestampMs = try reader.readInt64()
        let type = try reader.readEnum(LedgerCommandType.self, field: "ledger command type")
        let command: LedgerCommand
        switch type {
        case .deposit, .withdraw:
            let user = try reader.readUInt32(), requestId = try reader.readUInt64(), amountMicros = try reader.readInt64()
            command = type == .deposit
                ? .deposit(user: user, requestId: requestId, amountMicros: amountMicros)
                : .withdraw(user: user, requestId: requestId, amountMicros: amountMicros)
        case .reserve, .release:
            let user = try reader.readUInt32(), orderId = try reader.readUInt64(), revision = try reader.readUInt64()
            let quantityWh = try reader.readInt64(), microsPerWh = try reader.readInt64()
            command = type == .reserve
                ? .reserve(user: user, orderId: orderId, revision: revision, quantityWh: quantityWh, microsPerWh: microsPerWh)
                : .release(user: user, orderId: orderId, revision: revision, quantityWh: quantityWh, microsPerWh: microsPerWh)
        case .replaceReservation:
            let user = try reader.readUInt32(), orderId = try reader.readUInt64(), revision = try reader.readUInt64()
            let oldQuantityWh = try reader.readInt64(), oldMicrosPerWh = try reader.readInt64()
            let newQuantityWh = try reader.readInt64(), newMicrosPerWh = try reader.readInt64()
            command = .replaceReservation(user: user, orderId: orderId, revision: revision, oldQuantityWh: oldQuantityWh,
                                          oldMicrosPerWh: oldMicrosPerWh, newQuantityWh: newQuantityWh, newMicrosPerWh: newMicrosPerWh)
        case .fill:
            let tradeId = try reader.readUInt64(), intervalStartMs = try reader.readInt64()
            let buyer = try reader.readUInt32(), seller = try reader.readUInt32(), gridFeeZone = try reader.readUInt16()
            let quantityWh = try reader.readInt64(), price = try reader.readInt64()
            let platformFee = try reader.readInt64(), gridFee = try reader.readInt64(), reservation = try reader.readInt64()
            command = .fill(EscrowFill(tradeId: tradeId, intervalStartMs: intervalStartMs, buyer: buyer, seller: seller,
                                       gridFeeZone: gridFeeZone, quantityWh: quantityWh, priceMicrosPerKWh: price,
                                       platformFeeMicrosPerKWh: platformFee, gridFeeMicrosPerKWh: gridFee,
                                       reservationMicrosPerWh: reservation))
        case .settle:
            let tradeId = try reader.readUInt64(), intervalStartMs = try reader.readInt64(), deliveredWh = try reader.readInt64()
            let outcome = try reader.readEnum(SettlementOutcome.self, field: "outcome")
            command = .settle(tradeId: tradeId, intervalStartMs: intervalStartMs, deliveredWh: deliveredWh, outcome: outcome)
        }
        try reader.expectEnd()
        return SequencedLedgerCommand(sequence: sequence, timestampMs: timestampMs, command: command)
    }

    /// Decodes one whole body.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> SequencedLedgerCommand {
        var reader = ByteReader(bytes)
        return try decode(from: &reader)
    }
}
