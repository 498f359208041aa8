import Testing
import GreenGridCrypto

/// HMAC-SHA256 against RFC 4231 test cases 1-7, plus the constant-time comparison.
struct HMACSHA256Tests {
    struct Case: Sendable, CustomTestStringConvertible {
        let number: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { "RFC 4231 case \(number)" }
    }

    static let cases: [Case] = [
        Case(number: 1, key: [UInt8](repeating: 0x0B, count: 20), data: bytes("Hi There"),
             mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Case(number: 2, key: bytes("Jefe"), data: bytes("what do ya want for nothing?"),
             mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Case(number: 3, key: [UInt8](repeating: 0xAA, count: 20), data: [UInt8](repeating: 0xDD, count: 50),
             mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Case(number: 4, key: Array(1...25), data: [UInt8](repeating: 0xCD, count: 50),
             mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Case(number: 5, key: [UInt8](repeating: 0x0C, count: 20), data: bytes("Test With Truncation"),
             mac: "a3b6167473100ee06e0c796c2955552b"),
        Case(number: 6, key: [UInt8](repeating: 0xAA, count: 131),
             data: bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
             mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Case(number: 7, key: [UInt8](repeating: 0xAA, count: 131),
             data: bytes("This is a test using a larger than block-size key and a larger than block-size data. "
                         + "The key needs to be hashed before being used by the HMAC algorithm."),
             mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases)
    func rfc4231(_ vector: Case) {
        let tag = HMACSHA256.authenticate(key: vector.key, message: vector.data)
        #expect(tag.count == 32)
        let expected = bytes(hex: vector.mac)
        #expect(SHA256.hex(Array(tag.prefix(expected.count))) == vector.mac)
        #expect(HMACSHA256.equal(Array(tag.prefix(expected.count)), expected))
    }

    @Test func equalComparesContentAndLength() {
        #expect(HMACSHA256.equal([], []))
        #expect(HMACSHA256.equal([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256.equal([1, 2, 3], [1, 2, 4]))
        #expect(!HMACSHA256.equal([0, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256.equal([1, 2, 3], [1, 2]))
    }

    @Test func keyOfExactlyOneBlockIsUsedAsIs() {
        // Python: hmac.new(bytes(range(64)), b"block", hashlib.sha256).hexdigest()
        let tag = HMACSHA256.authenticate(key: Array(0..<64), message: bytes("block"))
        #expect(SHA256.hex(tag) == "0c4195064dd4ca79599d2b8508c3f4c5f3805080dd6b451ca30e7d2da73a2c3d")
    }
}
