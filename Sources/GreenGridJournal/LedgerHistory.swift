import GreenGridDomain

/// Every ledger command the exchange applied, kept for wallet history and monthly statements.
///
/// It is derived data: the journal's commands regenerate it, so it needs no sync of its own on
/// the commit path. The file (`ledger-history.log`, journal record framing, bodies as in
/// `Protocol/ledger-bodies.md`) is appended after each execution and synced before every
/// snapshot, so it always holds everything up to the newest snapshot; at recovery whatever it
/// holds beyond the snapshot is cut and the replay appends it again. A torn or damaged tail is
/// cut the same way. In memory: every command, and per user the indices of theirs.
public struct LedgerHistory: Sendable {
    public static let fileName = "ledger-history.log"

    let storage: any Storage
    let path: String
    let file: FileID
    var writeOffset: Int
    /// Every command, in fixed-size chunks: appending never copies what is already held (one
    /// growing array would copy megabytes on the engine host's path each time it doubles).
    var chunks: [[SequencedLedgerCommand]] = []
    public private(set) var count = 0
    static let chunkCapacity = 4_096
    var byUser: [TraderId: [Int]] = [:]
    /// Each trade's escrow as its fill made it (for a settle's parties and amounts).
    public private(set) var escrows: [TradeId: PendingTransfer] = [:]
    /// What opening found and did, for the operator's log.
    public private(set) var log: [String] = []

    /// Opens the history in `directory`, keeping what it holds up to `keepThrough` (the
    /// snapshot the exchange was restored from) and cutting the rest.
    public init(storage: any Storage, directory: String, keepThrough: UInt64) throws(StorageError) {
        self.storage = storage
        self.path = joinPath(directory, Self.fileName)
        let existed = storage.exists(path)
        self.file = try storage.open(path, create: true)
        let bytes = existed ? try storage.readAll(path, bytesMax: Int.max) : []
        var offset = 0
        var cut: String? = nil
        var kept: [SequencedLedgerCommand] = []
        bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                switch RecordFormat.validate(buffer, at: offset) {
                case .success(let header):
                    let body = Array(buffer[(offset + RecordFormat.headerBytes)..<(offset + header.length)])
                    guard header.sequence <= keepThrough, let command = try? SequencedLedgerCommand.decode(body),
                          command.sequence == header.sequence else {
                        if header.sequence <= keepThrough { cut = "record at offset \(offset) does not decode" }
                        return
                    }
                    kept.append(command)
                    offset += header.length
                case .failure(let problem):
                    if problem != .end { cut = "\(problem) at offset \(offset)" }
                    return
                }
            }
        }
        self.writeOffset = offset
        for command in kept { index(command) }
        if offset < bytes.count {
            try storage.truncate(file, to: offset)
            log.append("ledger history cut at offset \(offset) (\(bytes.count - offset) bytes)" + (cut.map { ": \($0)" } ?? ", after the snapshot"))
        }
    }

    /// Appends commands (in sequence order) to the file and the index.
    public mutating func append(_ commands: some Collection<SequencedLedgerCommand>) throws(StorageError) {
        if commands.isEmpty { return }
        var bytes: [UInt8] = []
        var body = ByteWriter(capacity: 128)
        for command in commands {
            body = ByteWriter(capacity: 128)
            command.encode(into: &body)
            RecordFormat.append(type: command.typeCode, sequence: command.sequence, body: body.bytes, to: &bytes)
            index(command)
        }
        try storage.write(file, bytes: bytes, at: writeOffset)
        writeOffset += bytes.count
    }

    public func sync() throws(StorageError) { try storage.sync(file) }
    public func close() { storage.close(file) }

    mutating func index(_ command: SequencedLedgerCommand) {
        let position = count
        if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkCapacity {
            var chunk: [SequencedLedgerCommand] = []
            chunk.reserveCapacity(Self.chunkCapacity)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(command)
        count += 1
        for user in parties(command.command) { byUser[user, default: []].append(position) }
        if case .fill(let fill) = command.command { escrows[fill.tradeId] = PendingTransfer(fill) }
    }

    /// The users a command concerns: its owner, a fill's buyer and seller, a settle's parties.
    func parties(_ command: LedgerCommand) -> [TraderId] {
        switch command {
        case .deposit(let user, _, _), .withdraw(let user, _, _), .reserve(let user, _, _, _, _), .release(let user, _, _, _, _),
             .replaceReservation(let user, _, _, _, _, _, _):
            return [user]
        case .fill(let fill):
            return fill.buyer == fill.seller ? [fill.buyer] : [fill.buyer, fill.seller]
        case .settle(let tradeId, _, _, _):
            guard let escrow = escrows[tradeId] else { return [] }
            return escrow.buyer == escrow.seller ? [escrow.buyer] : [escrow.buyer, escrow.seller]
        }
    }

    /// The user's commands with `fromMs <= timestamp < toMs`, in sequence order.
    public func commands(of user: TraderId, fromMs: Int64 = .min, toMs: Int64 = .max) -> [SequencedLedgerCommand] {
        guard let positions = byUser[user] else { return [] }
        var result: [SequencedLedgerCommand] = []
        for position in positions {
            let record = chunks[position / Self.chunkCapacity][position % Self.chunkCapacity]
            if record.timestampMs >= fromMs && record.timestampMs < toMs { result.append(record) }
        }
        return result
    }
}
