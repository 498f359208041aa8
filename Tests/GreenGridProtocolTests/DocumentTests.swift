import Foundation
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
        let example = Vectors.parseHex(section.text[(start + 1)..<end].joined(separator: "\n"))
        #expect(Vectors.hex(example) == Vectors.hex(vector.bytes))
    }

    @Test("each section's field table runs from offset 0 without gaps to the body's size", arguments: MessageType.allCases)
    func tableAddsUp(type: MessageType) throws {
        let section = try #require(Self.sections[type.rawValue])
        var next = 0
        for line in section.text where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let offset = Int(cells[0]), let size = Int(cells[1]) else { continue }
            #expect(offset == next, "\(type.name): field at \(offset), expected \(next)")
            next = offset + size
        }
        #expect(next == type.bodyBytes, "\(type.name): table covers \(next) bytes, the body is \(type.bodyBytes)")
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
        check(Liquidity.self)
        check(IntervalState.self)
    }
}
