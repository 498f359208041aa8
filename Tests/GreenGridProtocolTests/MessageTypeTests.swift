import GreenGridProtocol
import Testing

/// The type table keeps the rules protocol.md states: families in their ranges, reserved ranges empty,
/// the direction bit, and sizes far inside the frame limit.
@Suite("Message types")
struct MessageTypeTests {
    @Test("every type lies in its family's range, and no type in a reserved family", arguments: MessageType.allCases)
    func families(type: MessageType) {
        #expect(type.family.typeRange.contains(type.rawValue))
        #expect(!type.family.isReserved)
        #expect(MessageFamily(type: type.rawValue) == type.family)
    }

    @Test("the family ranges are the documented ones and do not overlap")
    func ranges() {
        let ranges = MessageFamily.allCases.map(\.typeRange)
        #expect(ranges == [0x0001...0x00FF, 0x0100...0x01FF, 0x0200...0x02FF, 0x0300...0x03FF, 0x0400...0x04FF,
                           0x0500...0x05FF, 0x0600...0x06FF, 0x0F00...0x0F00])
        for (index, range) in ranges.enumerated() {
            for other in ranges[(index + 1)...] { #expect(!range.overlaps(other)) }
        }
        #expect(MessageFamily.allCases.allSatisfy { !$0.isReserved }, "no family is reserved in version 1")
        #expect(MessageType.allCases.contains { $0.family == .notifications })
        #expect(MessageFamily(type: 0x0000) == nil)
        #expect(MessageFamily(type: 0x0700) == nil)
        #expect(MessageFamily(type: 0x0F01) == nil)
    }

    @Test("low byte below 0x80: a client may send it; 0x80 and above: only the server", arguments: MessageType.allCases)
    func direction(type: MessageType) {
        switch type {
        case .heartbeat, .logout: #expect(type.sender == .either)
        case .protocolReject: #expect(type.sender == .server)
        default: #expect(type.sender == (type.rawValue & 0xFF < 0x80 ? .client : .server))
        }
        if type.isSessionStream { #expect(type.sender == .server) }
    }

    @Test("every body fits well inside the frame limit", arguments: MessageType.allCases)
    func sizes(type: MessageType) {
        #expect(type.bodyBytes <= MessageType.bodyBytesMax)
        #expect(FrameLayout.headerBytes + type.bodyBytes <= FrameLayout.frameBytesMax)
    }

    @Test("names are unique and start with a capital")
    func names() {
        let names = MessageType.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.first!.isUppercase })
        #expect(MessageType.newOrder.name == "NewOrder")
    }

    @Test("frame constants agree with the diagram")
    func frameConstants() {
        #expect(FrameLayout.lengthMin == 4)
        #expect(FrameLayout.lengthMax == 65_532)
        #expect(FrameLayout.bodyBytesMax == 65_528)
        #expect([FrameLayout.lengthOffset, FrameLayout.typeOffset, FrameLayout.versionOffset, FrameLayout.flagsOffset,
                 FrameLayout.headerBytes] == [0, 4, 6, 7, 8])
    }

    @Test("encoding a username over 32 bytes is a programming error")
    func overlongUsernameTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Message.logonRequest(.init(username: String(repeating: "x", count: 33))).frameBytes
        }
    }
}
