/// The capacity ledger's section of a snapshot: what is left on each path for every interval
/// a cross-zone trade has used, intervals ascending.
///
/// ```
///  0      2           6
///  +------+-----------+--------------------------------------------------------------
///  |paths | intervals | per interval: intervalStartMs i64, then paths × leftWh i64
///  | u16  | u32       |
///  +------+-----------+--------------------------------------------------------------
/// ```
extension CapacityLedger {
    public func encodeSnapshot(into writer: inout ByteWriter) {
        precondition(initialWh.count <= SnapshotFormat.pathsMax, "too many paths for a snapshot")
        precondition(leftByInterval.count <= SnapshotFormat.capacityIntervalsMax, "too many intervals for a snapshot")
        writer.write(UInt16(initialWh.count))
        writer.write(UInt32(leftByInterval.count))
        for interval in leftByInterval.keys.sorted() {
            writer.write(interval)
            let left = leftByInterval[interval]!
            precondition(left.count == initialWh.count, "capacity recorded for another set of paths")
            for wh in left { writer.write(wh) }
        }
    }

    /// Rebuilds the ledger of `market`; each amount must lie between 0 and the path's capacity.
    public static func decodeSnapshot(from reader: inout ByteReader, market: Market) throws(DecodeError) -> CapacityLedger {
        var ledger = CapacityLedger(market: market)
        let pathsPosition = reader.offset
        if Int(try reader.readUInt16()) != ledger.initialWh.count {
            throw DecodeError(.invalidValue("path count"), offset: pathsPosition)
        }
        let paths = ledger.initialWh.count
        let intervals = try reader.readCount(max: SnapshotFormat.capacityIntervalsMax, minElementBytes: 8 * (1 + paths),
                                             field: "capacity interval count")
        ledger.leftByInterval.reserveCapacity(intervals)
        var previous: Int64? = nil
        for _ in 0..<intervals {
            let position = try reader.take(8 * (1 + paths))
            let interval: Int64 = reader.load(at: position)
            guard previous.map({ $0 < interval }) ?? true else {
                throw DecodeError(.invalidValue("capacity interval order"), offset: position)
            }
            previous = interval
            var left: [Int64] = []
            left.reserveCapacity(paths)
            for path in 0..<paths {
                let wh: Int64 = reader.load(at: position + 8 * (1 + path))
                if wh < 0 || wh > ledger.initialWh[path] {
                    throw DecodeError(.invalidValue("capacity left on path \(path)"), offset: position + 8 * (1 + path))
                }
                left.append(wh)
            }
            ledger.leftByInterval[interval] = left
        }
        return ledger
    }
}
