import GreenGridDomain

// Wallet: balances, simulated deposits and withdrawals, history and monthly statements (Protocol/protocol.md,
// "Wallet"). Like the query answers, wallet answers are not in the session stream (no sessionSequence):
// a client that is unsure whether a deposit or withdrawal happened sends the same request again, and
// the requestId makes it idempotent. Money is in micros of the currency unit.

extension Message {
    /// The requests a WalletRejected answers.
    public static let walletRequestTypes: [MessageType] = [
        .balanceRequest, .depositRequest, .withdrawRequest, .historyRequest, .statementRequest,
    ]

    /// 0x0401, client → server, 8 bytes: the session user's balances.
    public struct BalanceRequest: MessageBody {
        public var requestId: UInt64

        public init(requestId: UInt64) { self.requestId = requestId }

        func encodeBody(into writer: inout ByteWriter) { writer.write(requestId) }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) { requestId = try r.u64() }
    }

    /// 0x0402, client → server, 16 bytes: a simulated payment into the session user's available balance.
    /// Idempotent by (user, requestId).
    public struct DepositRequest: MessageBody {
        public var requestId: UInt64
        /// 1 ... `ProtocolConstants.walletAmountMicrosMax` (the server refuses others: `invalidAmount`).
        public var amountMicros: Int64

        public init(requestId: UInt64, amountMicros: Int64) {
            self.requestId = requestId
            self.amountMicros = amountMicros
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(amountMicros)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            amountMicros = try r.i64()
        }
    }

    /// 0x0403, client → server, 16 bytes: a simulated payment out of the session user's available balance.
    /// Idempotent by (user, requestId).
    public struct WithdrawRequest: MessageBody {
        public var requestId: UInt64
        /// 1 ... `ProtocolConstants.walletAmountMicrosMax`, and at most the available balance.
        public var amountMicros: Int64

        public init(requestId: UInt64, amountMicros: Int64) {
            self.requestId = requestId
            self.amountMicros = amountMicros
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(amountMicros)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            amountMicros = try r.i64()
        }
    }

    /// 0x0404, client → server, 26 bytes: the wallet's journal entries in `fromMs ..< toMs`, oldest
    /// first, at most `maxEntries` of them. The codec carries any values; the server refuses
    /// `fromMs` ≥ `toMs` and `maxEntries` outside 1 ... `ProtocolConstants.historyEntriesMax` (`invalidPeriod`).
    public struct HistoryRequest: MessageBody {
        public var requestId: UInt64
        public var fromMs: Int64
        /// Exclusive.
        public var toMs: Int64
        public var maxEntries: UInt16

        public init(requestId: UInt64, fromMs: Int64, toMs: Int64, maxEntries: UInt16) {
            self.requestId = requestId
            self.fromMs = fromMs
            self.toMs = toMs
            self.maxEntries = maxEntries
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(fromMs)
            writer.write(toMs)
            writer.write(maxEntries)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            fromMs = try r.i64()
            toMs = try r.i64()
            maxEntries = try r.u16()
        }
    }

    /// 0x0405, client → server, 12 bytes: the user's monthly statement as a CSV or HTML document.
    /// The codec carries any year and month; the server refuses a month outside 1–12 (`invalidPeriod`).
    public struct StatementRequest: MessageBody {
        public var requestId: UInt64
        public var year: UInt16
        /// 1 ... 12 (UTC calendar month).
        public var month: UInt8
        public var format: StatementFormat

        public init(requestId: UInt64, year: UInt16, month: UInt8, format: StatementFormat) {
            self.requestId = requestId
            self.year = year
            self.month = month
            self.format = format
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(year)
            writer.write(month)
            writer.write(format.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            year = try r.u16()
            month = try r.u8()
            format = try r.code("format")
        }
    }

    /// 0x0481, server → client, 44 bytes: the user's balances as of one journal sequence.
    public struct Balance: MessageBody {
        public var requestId: UInt64
        /// The user (its trader id).
        public var userId: UInt32
        public var availableMicros: Int64
        /// Held for resting buy orders.
        public var reservedMicros: Int64
        /// Held for trades awaiting settlement.
        public var escrowMicros: Int64
        /// The last journal sequence the figures include.
        public var asOfSequence: UInt64

        public init(requestId: UInt64, userId: UInt32, availableMicros: Int64, reservedMicros: Int64, escrowMicros: Int64,
                    asOfSequence: UInt64) {
            self.requestId = requestId
            self.userId = userId
            self.availableMicros = availableMicros
            self.reservedMicros = reservedMicros
            self.escrowMicros = escrowMicros
            self.asOfSequence = asOfSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(userId)
            writer.write(availableMicros)
            writer.write(reservedMicros)
            writer.write(escrowMicros)
            writer.write(asOfSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            userId = try r.u32()
            availableMicros = try r.i64()
            reservedMicros = try r.i64()
            escrowMicros = try r.i64()
            asOfSequence = try r.u64()
        }
    }

    /// 0x0482, server → client, 41 bytes: a deposit or withdrawal is durable in the journal. A repeated
    /// request gets the same answer again (the movement is applied once).
    public struct FundsMoved: MessageBody {
        public var requestId: UInt64
        public var kind: FundsMovement
        public var amountMicros: Int64
        /// The available balance right after the movement.
        public var availableAfterMicros: Int64
        /// The journal sequence of the movement.
        public var sequence: UInt64
        public var timestampMs: Int64

        public init(requestId: UInt64, kind: FundsMovement, amountMicros: Int64, availableAfterMicros: Int64, sequence: UInt64,
                    timestampMs: Int64) {
            self.requestId = requestId
            self.kind = kind
            self.amountMicros = amountMicros
            self.availableAfterMicros = availableAfterMicros
            self.sequence = sequence
            self.timestampMs = timestampMs
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(kind.rawValue)
            writer.write(amountMicros)
            writer.write(availableAfterMicros)
            writer.write(sequence)
            writer.write(timestampMs)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            kind = try r.code("kind")
            amountMicros = try r.i64()
            availableAfterMicros = try r.i64()
            sequence = try r.u64()
            timestampMs = try r.i64()
        }
    }

    /// 0x0483, server → client, 10 bytes: a wallet request was refused.
    public struct WalletRejected: MessageBody {
        public var requestId: UInt64
        public var reason: WalletRejectReason

        public init(requestId: UInt64, reason: WalletRejectReason) {
            self.requestId = requestId
            self.reason = reason
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(reason.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            reason = try r.code16("reason")
        }
    }

    /// 0x0484, server → client, 65 bytes: one journal entry of the user's wallet in the answer to a
    /// HistoryRequest; entries come in sequence order, then HistoryEnd.
    public struct HistoryEntry: MessageBody {
        public var requestId: UInt64
        /// The journal sequence of the entry.
        public var sequence: UInt64
        public var timestampMs: Int64
        public var kind: HistoryEntryKind
        /// The order id (reserve, release), trade id (escrow, settlement, refund) or the movement's journal sequence (deposit, withdrawal: the `sequence` its FundsMoved carried).
        public var reference: UInt64
        /// The energy the entry concerns (0 for deposits and withdrawals).
        public var quantityWh: Int64
        public var availableDeltaMicros: Int64
        public var reservedDeltaMicros: Int64
        public var escrowDeltaMicros: Int64

        public init(requestId: UInt64, sequence: UInt64, timestampMs: Int64, kind: HistoryEntryKind, reference: UInt64,
                    quantityWh: Int64, availableDeltaMicros: Int64, reservedDeltaMicros: Int64, escrowDeltaMicros: Int64) {
            self.requestId = requestId
            self.sequence = sequence
            self.timestampMs = timestampMs
            self.kind = kind
            self.reference = reference
            self.quantityWh = quantityWh
            self.availableDeltaMicros = availableDeltaMicros
            self.reservedDeltaMicros = reservedDeltaMicros
            self.escrowDeltaMicros = escrowDeltaMicros
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(sequence)
            writer.write(timestampMs)
            writer.write(kind.rawValue)
            writer.write(reference)
            writer.write(quantityWh)
            writer.write(availableDeltaMicros)
            writer.write(reservedDeltaMicros)
            writer.write(escrowDeltaMicros)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            sequence = try r.u64()
            timestampMs = try r.i64()
            kind = try r.code("kind")
            reference = try r.u64()
            quantityWh = try r.i64()
            availableDeltaMicros = try r.i64()
            reservedDeltaMicros = try r.i64()
            escrowDeltaMicros = try r.i64()
        }
    }

    /// 0x0485, server → client, 13 bytes: the end of an answer to HistoryRequest.
    public struct HistoryEnd: MessageBody {
        public var requestId: UInt64
        /// How many HistoryEntry messages came before (0 is a valid answer).
        public var count: UInt32
        /// Entries of the range beyond `maxEntries` remain: ask again from the last entry's timestampMs.
        public var more: Bool

        public init(requestId: UInt64, count: UInt32, more: Bool) {
            self.requestId = requestId
            self.count = count
            self.more = more
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(count)
            writer.write(more)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            count = try r.u32()
            more = try r.bool("more")
        }
    }

    /// 0x0486, server → client, 16,398 bytes: one piece of a statement document. Like a bounded string,
    /// `data` is a length (1 ... `ProtocolConstants.statementChunkBytesMax`) and a field of that capacity
    /// holding the bytes, then zeros, so the body has one size like every other; every chunk but the
    /// last is full.
    public struct StatementChunk: MessageBody {
        /// Body offsets of `dataLength` and `data`, for the errors that name them.
        static let dataLengthOffset = 12
        static let dataOffset = 14

        public var requestId: UInt64
        /// Where `data` starts in the document: 0 for the first chunk, then the previous offset plus its length.
        public var offset: UInt32
        /// 1 ... `ProtocolConstants.statementChunkBytesMax` bytes of the document.
        public var data: [UInt8]

        public init(requestId: UInt64, offset: UInt32, data: [UInt8]) {
            self.requestId = requestId
            self.offset = offset
            self.data = data
        }

        func encodeBody(into writer: inout ByteWriter) {
            let capacity = ProtocolConstants.statementChunkBytesMax
            precondition((1...capacity).contains(data.count), "statement chunk of \(data.count) bytes: 1 ... \(capacity) allowed")
            writer.write(requestId)
            writer.write(offset)
            writer.write(UInt16(data.count))
            writer.write(bytes: data)
            writer.writeReserved(capacity - data.count)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            let capacity = ProtocolConstants.statementChunkBytesMax
            requestId = try r.u64()
            offset = try r.u32()
            let length = Int(try r.u16())
            let raw = try r.bytes(capacity)
            guard (1...capacity).contains(length) else {
                throw ProtocolDecodeError(.invalidValue, field: "dataLength", frameOffset: FrameLayout.headerBytes + Self.dataLengthOffset)
            }
            if let padding = raw[length...].firstIndex(where: { $0 != 0 }) {
                throw ProtocolDecodeError(.reservedNotZero, field: "data", frameOffset: FrameLayout.headerBytes + Self.dataOffset + padding)
            }
            data = Array(raw[..<length])
        }
    }

    /// 0x0487, server → client, 17 bytes: the end of a statement; the client checks the document's size
    /// and CRC-32C against what the chunks carried.
    public struct StatementEnd: MessageBody {
        public var requestId: UInt64
        public var format: StatementFormat
        /// The document's size: the sum of the chunks' lengths.
        public var totalBytes: UInt32
        /// CRC-32C (Castagnoli, as the journal uses) of the whole document.
        public var crc32c: UInt32

        public init(requestId: UInt64, format: StatementFormat, totalBytes: UInt32, crc32c: UInt32) {
            self.requestId = requestId
            self.format = format
            self.totalBytes = totalBytes
            self.crc32c = crc32c
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(format.rawValue)
            writer.write(totalBytes)
            writer.write(crc32c)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            format = try r.code("format")
            totalBytes = try r.u32()
            crc32c = try r.u32()
        }
    }
}
