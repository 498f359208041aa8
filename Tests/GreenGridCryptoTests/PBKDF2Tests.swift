import Testing
import GreenGridCrypto

/// PBKDF2-HMAC-SHA256 against RFC 7914 section 11.
struct PBKDF2Tests {
    @Test func rfc7914OneIteration() {
        let key = PBKDF2.deriveKey(password: bytes("passwd"), salt: bytes("salt"), iterations: 1, keyLength: 64)
        #expect(key == bytes(hex: """
            55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 f9 41 85 21 6d de 04 65 e6 8b 9d 57 c2 0d ac bc
            49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31 7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83
            """))
    }

    @Test(.timeLimit(.minutes(1)))
    func rfc7914EightyThousandIterations() {
        let key = PBKDF2.deriveKey(password: bytes("Password"), salt: bytes("NaCl"), iterations: 80_000, keyLength: 64)
        #expect(key == bytes(hex: """
            4d dc d8 f6 0b 98 be 21 83 0c ee 5e f2 27 01 f9 64 1a 44 18 d0 4c 04 14 ae ff 08 87 6b 34 ab 56
            a1 d4 25 a1 22 58 33 54 9a db 84 1b 51 c9 b3 17 6a 27 2b de bb a1 d0 78 47 8f 62 b3 97 f3 3c 8d
            """))
    }

    /// Odd key lengths (partial last block) and more iterations, expected values from Python hashlib.pbkdf2_hmac.
    @Test(arguments: [(1, 1, "12"), (2, 20, "ae4d0c95af6b46d32d0adff928f06dd02a303f8e"), (4096, 33, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134af7")])
    func lengthsAndIterations(iterations: Int, keyLength: Int, expected: String) {
        let key = PBKDF2.deriveKey(password: bytes("password"), salt: bytes("salt"), iterations: iterations, keyLength: keyLength)
        #expect(SHA256.hex(key) == expected)
    }
}

/// Out-of-range parameters are programming errors, so they must trap rather than derive a weak key.
struct PBKDF2PreconditionTests {
    @Test func zeroIterationsTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = PBKDF2.deriveKey(password: [1], salt: [2], iterations: 0, keyLength: 32)
        }
    }

    @Test func oversizedKeyLengthTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = PBKDF2.deriveKey(password: [1], salt: [2], iterations: 1, keyLength: 1025)
        }
    }
}
