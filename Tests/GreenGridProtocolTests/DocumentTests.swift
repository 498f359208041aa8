import Foundation
import GreenGridAlerts
import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol
import Testing

/// Protocol/protocol.md is normative, so its examples, tables and code lists are checked against the
/// vectors and the codec: none of them can drift without a failing test.
@Suite("Protocol document")
struct DocumentTests {
    static let document: String = (try? String(contentsOf: Vectors.specification, encoding: .utf8)) ?? ""

    /// The text of each message's section, keyed by its type code ("### 0x0101 NewOrder" up to the next heading).
    static let sections: [UInt16: (name: String, text: [Substring])] = {
        var sections: [UInt16: (name: String, text: [Substring])] = [:]
        var current: UInt16?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                current = nil
                let words = line.split(separator: " ")
                if line.hasPrefix("### 0x"), words.count >= 3, let code = UInt16(words[1].dropFirst(2), radix: 16) {
                    current = code
                    sections[code] = (String(words[2]), [])
                }
            } else if let code = current {
                sections[code]!.text.append(line)
            }
        }
        return sections
    }()

    @Test("the document exists and has one section per message type, named as the type")
    func sectionPerType() {
        #expect(!Self.document.isEmpty, "Protocol/protocol.md not found at \(Vectors.specification.path)")
        #expect(Set(Self.sections.keys) == Set(MessageType.allCases.map(\.rawValue)))
        for type in MessageType.allCases {
            #expect(Self.sections[type.rawValue]?.name == type.name)
        }
    }

    @Test("each section's hex example is exactly its vector's bytes", arguments: Vectors.all)
    func hexExampleIsTheVector(vector: Vectors.Vector) throws {
        let section = try #require(Self.sections[vector.typeCode])
        let start = try #require(section.text.firstIndex(of: "```hex"), "no hex example for \(vector.fileName)")
        let end = try #require(section.text[(start + 1)...].firstIndex(of: "```"))
        let example = Vectors.parseHex(Self.expandingZeroRuns(section.text[(start + 1)..<end]))
        #expect(Vectors.hex(example) == Vectors.hex(vector.bytes))
    }

    /// Hex example lines with each `00 × N` line (N zero bytes, N written with thousands separators) spelled out.
    static func expandingZeroRuns(_ lines: some Sequence<Substring>) -> String {
        lines.map { line -> String in
            let words = line.split(separator: " ")
            guard words.count == 3, words[0] == "00", words[1] == "×",
                  let count = Int(words[2].filter { $0 != "," }) else { return String(line) }
            return String(repeating: "00", count: count)
        }.joined(separator: "\n")
    }

    @Test("a `00 × N` line in a hex example stands for N zero bytes", arguments: [
        ("00 × 3", "000000"), ("00 × 1,024", String(repeating: "00", count: 1_024)), ("ab 00 × 3", "ab 00 × 3"), ("e600", "e600"),
    ])
    func zeroRuns(line: String, expanded: String) {
        #expect(Self.expandingZeroRuns([Substring(line)]) == expanded)
    }

    @Test("each section's field table runs from offset 0 without gaps to the body's size", arguments: MessageType.allCases)
    func tableAddsUp(type: MessageType) throws {
        let section = try #require(Self.sections[type.rawValue])
        let tables = Self.fieldTables(section.text)
        // A section's first table is its body (Heartbeat, with no body, has none).
        let next = Self.coveredBytes(tables.first ?? [], name: type.name)
        #expect(next == type.bodyBytes, "\(type.name): table covers \(next) bytes, the body is \(type.bodyBytes)")
    }

    /// The tables of a section (runs of lines starting with `| `), each as (offset, size) rows; a
    /// section's first table is its body, later ones lay out an array's slot.
    static func fieldTables(_ text: [Substring]) -> [[(offset: Int, size: Int)]] {
        var tables: [[(offset: Int, size: Int)]] = []
        var inTable = false
        for line in text {
            guard line.hasPrefix("| ") else { inTable = false; continue }
            if !inTable { tables.append([]); inTable = true }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let offset = Int(cells[0]), let size = Int(cells[1]) else { continue }
            tables[tables.count - 1].append((offset, size))
        }
        return tables
    }

    /// The bytes a table covers from offset 0 without gaps.
    static func coveredBytes(_ rows: [(offset: Int, size: Int)], name: String,
                             sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var next = 0
        for row in rows {
            #expect(row.offset == next, "\(name): field at \(row.offset), expected \(next)", sourceLocation: sourceLocation)
            next = row.offset + row.size
        }
        return next
    }

    @Test("the metering arrays' slot tables add up to their slot sizes, and slots × capacity to the array field")
    func slotTables() throws {
        for (type, slotBytes, arrayBytes) in [(MessageType.meterReadings, 42, 5_376), (.readingsAck, 3, 384)] {
            let section = try #require(Self.sections[type.rawValue])
            let tables = Self.fieldTables(section.text)
            #expect(tables.count == 2, "\(type.name): a body table and a slot table")
            guard tables.count == 2 else { continue }
            #expect(Self.coveredBytes(tables[1], name: type.name + " slot") == slotBytes)
            #expect(tables[0].last?.size == arrayBytes && slotBytes * 128 == arrayBytes)
        }
        #expect(Self.fieldTables(Self.sections[MessageType.forecast.rawValue]?.text ?? []).first?.last?.size == 192 * 8)
    }

    @Test("the message list gives every type's code, name, direction and body size")
    func messageList() {
        for type in MessageType.allCases {
            let code = String(type.rawValue, radix: 16, uppercase: true)
            let direction = switch type.sender {
            case .client: "client → server"
            case .server: "server → client"
            case .either: "both ways"
            }
            let row = "| 0x\(String(repeating: "0", count: 4 - code.count))\(code) | \(type.name) | \(direction) | \(type.bodyBytes) |"
            #expect(Self.document.contains(row), "missing row: \(row)")
        }
    }

    @Test("every code of every protocol enumeration is in the document's tables")
    func codeTables() {
        func check<T: CaseIterable & RawRepresentable>(_: T.Type) where T.RawValue: BinaryInteger {
            for value in T.allCases {
                let row = "| \(value.rawValue) | \(value) |"
                #expect(Self.document.contains(row), "missing row: \(row)")
            }
        }
        check(ProtocolRejectReason.self)
        check(LogonRejectReason.self)
        check(LogoutReason.self)
        check(AdminRejectReason.self)
        check(WalletRejectReason.self)
        check(StatementFormat.self)
        check(FundsMovement.self)
        check(HistoryEntryKind.self)
        check(Liquidity.self)
        check(IntervalState.self)
        check(MeteringRejectReason.self)
        check(ForecastMethodCode.self)
        check(ReadingOutcomeCode.self)
    }

    /// The rows of the code table that follows the line starting with `**<title>**`.
    static func codeTable(_ title: String) -> [(code: String, name: String)] {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("**\(title)**") }) else { return [] }
        return lines[(start + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }.dropFirst(2).map { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return (cells[0], cells[1])
        }
    }

    @Test("each wallet enumeration's own table lists exactly its codes, in order")
    func walletCodeTables() {
        func check<T: CaseIterable & RawRepresentable>(_: T.Type) where T.RawValue: BinaryInteger {
            let rows = Self.codeTable(String(describing: T.self))
            #expect(rows.map(\.code) == T.allCases.map { String($0.rawValue) }, "\(T.self)")
            #expect(rows.map(\.name) == T.allCases.map { String(describing: $0) }, "\(T.self)")
        }
        check(WalletRejectReason.self)
        check(StatementFormat.self)
        check(FundsMovement.self)
        check(HistoryEntryKind.self)
        check(MeteringRejectReason.self)
        check(ForecastMethodCode.self)
        check(ReadingOutcomeCode.self)
    }

    static let readme: String = (try? String(contentsOf: Vectors.packageRoot.appendingPathComponent("Protocol/README.md"),
                                             encoding: .utf8)) ?? ""

    /// The rows of README.md's table that follows the line starting with `**<title>**`.
    static func readmeTable(_ title: String) -> [(code: String, name: String)] {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("**\(title)**") }) else { return [] }
        return lines[(start + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }.dropFirst(2).map { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return (cells[0], cells[1])
        }
    }

    @Test("README.md lists every metering code and bit, in order")
    func meteringCodesInReadme() {
        func check<T: CaseIterable & RawRepresentable>(_: T.Type) where T.RawValue: BinaryInteger {
            let rows = Self.readmeTable(String(describing: T.self))
            #expect(rows.map(\.code) == T.allCases.map { String($0.rawValue) }, "\(T.self)")
            #expect(rows.map(\.name) == T.allCases.map { String(describing: $0) }, "\(T.self)")
        }
        check(MeterKind.self)
        check(ReadingRejection.self)
        func bits(_ title: String, _ names: [String], defined: UInt64) {
            let rows = Self.readmeTable(title)
            #expect(rows.map(\.code) == names.indices.map(String.init), "\(title)")
            #expect(rows.map(\.name) == names, "\(title)")
            #expect(defined == (1 << UInt64(names.count)) - 1, "\(title): the defined bits are 0 ..< \(names.count)")
        }
        bits("MeterStatus", ["clockNotSynchronised", "powerFailureSinceLast", "tamperAlarm", "batteryLow"],
             defined: UInt64(MeterStatus.defined.rawValue))
        bits("ReadingFlags", ["registerRollover", "frozenRegisters", "meterAlarm", "estimated"], defined: UInt64(ReadingFlags.defined.rawValue))
        bits("IntervalQuality", ["estimated", "spansLongGap"], defined: UInt64(IntervalQuality.defined.rawValue))
        #expect(Self.readme.contains("4 admin, 5 gateway"))
        #expect(Role.allCases.map(\.rawValue) == [1, 2, 3, 4, 5])
    }

    @Test("README.md lists every pricing code PriceInfo carries, in order")
    func pricingCodesInReadme() {
        let strategies = Self.readmeTable("ReferencePriceConfig.Strategy")
        #expect(strategies.map(\.code) == ReferencePriceConfig.Strategy.allCases.map { String($0.code) })
        #expect(strategies.map(\.name) == ReferencePriceConfig.Strategy.allCases.map(\.rawValue))
        func check<T: CaseIterable & RawRepresentable>(_: T.Type, _ title: String) where T.RawValue: BinaryInteger {
            let rows = Self.readmeTable(title)
            #expect(rows.map(\.code) == T.allCases.map { String($0.rawValue) }, "\(title)")
            #expect(rows.map(\.name) == T.allCases.map { String(describing: $0) }, "\(title)")
        }
        check(ReferencePrice.Basis.self, "ReferencePrice.Basis")
        check(ReferencePrice.Fallback.self, "ReferencePrice.Fallback")
        for text in ["README.md#pricing-codes", "### Prices", "| 0x0200–0x02FF | market data |"] {
            #expect(Self.document.contains(text), "missing: \(text)")
        }
    }

    @Test("README.md lists every alert code, in order, and protocol.md points to them")
    func alertCodesInReadme() {
        func check<T: CaseIterable & RawRepresentable>(_: T.Type) where T.RawValue: BinaryInteger {
            let rows = Self.readmeTable(String(describing: T.self))
            #expect(rows.map(\.code) == T.allCases.map { String($0.rawValue) }, "\(T.self)")
            #expect(rows.map(\.name) == T.allCases.map { String(describing: $0) }, "\(T.self)")
        }
        check(AlertMetric.self)
        check(AlertDirection.self)
        check(AlertRejection.self)
        for text in ["README.md#alert-codes", "## Notifications", "| 0x0500–0x05FF | notifications |", "## Messages: notifications",
                     "max(`rearm`, 1)", "20 alerts", "(`inboxMax`)"] {
            #expect(Self.document.contains(text), "missing: \(text)")
        }
        #expect(!Self.document.contains("reserved: no types in version 1"))
        #expect(AlertBook.alertsPerUserMax == 20 && AlertBook.inboxMax == 100)
        #expect(AlertBook.thresholdMicrosPerKWhMax == 1_000_000_000 && AlertBook.rearmMicrosPerKWhMax == 100_000_000)
    }

    @Test("the wallet constants are the numbers the document gives")
    func walletConstants() {
        #expect(ProtocolConstants.walletAmountMicrosMax == 1_000_000_000_000_000)
        #expect(ProtocolConstants.historyEntriesMax == 1_000)
        #expect(ProtocolConstants.statementChunkBytesMax == 16_384)
        #expect(ProtocolConstants.statementBytesMax == 8 * 1_024 * 1_024)
        for text in ["10^15 micros", "above 1,000", "16,384 bytes", "8 MiB", "| 0x0400–0x04FF | wallet |"] {
            #expect(Self.document.contains(text), "missing: \(text)")
        }
    }
}
