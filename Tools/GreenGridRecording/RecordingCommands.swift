import GreenGridClient

/// The `print` and `rebuild` verbs as functions of their inputs, returning lines and an exit
/// code, so the tests run exactly what the executable runs.
public enum RecordingCommands {
    /// One line per record passing the filters, then a line on how the file ended.
    public static func printLines(_ contents: RecordingContents, zone: UInt16? = nil, fromSequence: UInt64? = nil) -> [String] {
        var printer = RecordPrinter()
        var lines: [String] = []
        for record in contents.records {
            let (place, text) = printer.line(for: record)
            if let zone, place.zone != zone { continue }
            if let fromSequence, let sequence = place.zoneSequence, sequence < fromSequence { continue }
            lines.append(text)
        }
        lines.append("# \(contents.records.count) records, \(contents.ending)")
        return lines
    }

    /// Every zone's rebuilt book, then anomalies and how the file ended.
    public static func rebuildLines(_ rebuilder: BookRebuilder, contents: RecordingContents) -> [String] {
        var lines: [String] = []
        for zone in rebuilder.books.keys.sorted() { lines += rebuilder.books[zone]!.lines }
        lines += rebuilder.anomalies.map { "anomaly: \($0)" }
        lines.append("# \(contents.records.count) records, \(contents.ending)")
        return lines
    }

    /// Compares every zone of the recording with the live books; exit 0 when nothing differs.
    public static func compareLines(_ rebuilder: BookRebuilder, live: [UInt16: LiveBook]) -> (lines: [String], exitCode: Int32) {
        let results = live.keys.sorted().map { BookComparison.compare(recorded: rebuilder.books[$0], live: live[$0]!) }
        let differing = results.filter(\.isDifferent).count
        let compared = results.filter { if case .skipped = $0 { false } else { true } }.count
        let summary = differing == 0
            ? "compare: \(compared) zones equal, \(results.count - compared) skipped"
            : "compare: \(differing) of \(compared) compared zones differ, \(results.count - compared) skipped"
        return (results.map(\.line) + [summary], differing == 0 ? 0 : 1)
    }
}
