import Foundation
import Testing

@testable import GreenGridCLIKit

@Suite struct FormattingTests {
    @Test(arguments: [(0, "0.000"), (1, "0.001"), (1_500, "1.500"), (-2_250, "-2.250"), (1_000_000, "1000.000"),
                      (Int64.min, "-9223372036854775.808")] as [(Int64, String)])
    func energyInKilowattHours(wattHours: Int64, text: String) {
        #expect(AmountFormat.kWh(fromWh: wattHours) == text)
    }

    @Test(arguments: [(250_000, "0.2500"), (123_456, "0.123456"), (123_450, "0.12345"), (0, "0.0000"), (1, "0.000001"),
                      (1_000_000, "1.0000"), (-50_000, "-0.0500"), (1_234_500, "1.2345")] as [(Int64, String)])
    func pricesWithAtLeastFourDecimals(micros: Int64, text: String) {
        #expect(AmountFormat.price(micros: micros) == text)
    }

    @Test(arguments: [(0, "1970-01-01T00:00:00Z"), (1_748_780_100_000, "2025-06-01T12:15:00Z"), (951_782_400_000, "2000-02-29T00:00:00Z"),
                      (-1_000, "1969-12-31T23:59:59Z"), (4_102_444_800_000, "2100-01-01T00:00:00Z")] as [(Int64, String)])
    func utcTimestamps(ms: Int64, text: String) throws {
        #expect(UTCTime.format(ms: ms) == text)
        #expect(try UTCTime.parse(text) == ms)
    }

    @Test func millisecondsWhenAsked() throws {
        #expect(UTCTime.format(ms: 1_748_780_100_123, milliseconds: true) == "2025-06-01T12:15:00.123Z")
        #expect(try UTCTime.parse("2025-06-01T12:15:00.123Z") == 1_748_780_100_123)
        #expect(try UTCTime.parse("2025-06-01T12:15Z") == 1_748_780_100_000)
        #expect(try UTCTime.parse("2025-06-01T12:15:00+00:00") == 1_748_780_100_000)
    }

    @Test(arguments: ["2025-06-01T12:15:00", "2025-06-01T12:15:00+02:00", "2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z",
                      "2025-06-01 12:15:00Z", "2025-6-1T12:15:00Z", "2025-06-01T24:00:00Z", "yesterday"])
    func nonUTCOrInvalidTimesAreRefused(text: String) {
        #expect(throws: UsageError.self) { try UTCTime.parse(text) }
    }

    @Test func tablesAlignNumbersRight() {
        var table = Table([("NAME", .left), ("kWh", .right)])
        table.add(["harbour", "1.500"])
        table.add(["old-town", "12.000"])
        #expect(table.rendered == """
            NAME         kWh
            harbour    1.500
            old-town  12.000
            """)
    }

    @Test func jsonIsValidAndKeepsKeyOrder() throws {
        let value = JSONValue.object([("b", .int(-5)), ("a", .string("quote \" slash \\ tab \t é")), ("c", .array([.bool(true), .null]))])
        #expect(value.rendered == #"{"b":-5,"a":"quote \" slash \\ tab \t é","c":[true,null]}"#)
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(value.rendered.utf8)) as? [String: Any])
        #expect(parsed["a"] as? String == "quote \" slash \\ tab \t é")
        #expect(JSONValue.uint(UInt64.max).rendered == "\"18446744073709551615\"")
    }
}
