import Testing

@testable import GreenGridCLIKit

@Suite struct PriceParsingTests {
    @Test(arguments: [
        ("0.25", 250_000), ("0.1", 100_000), ("1", 1_000_000), ("0.000001", 1), ("12.345678", 12_345_678), ("-0.05", -50_000),
        ("+1.5", 1_500_000), ("0.0", 0), ("007.5", 7_500_000), ("9223372036854.775807", Int64.max),
    ] as [(String, Int64)])
    func decimalsBecomeExactMicros(text: String, micros: Int64) throws {
        #expect(try PriceParser.micros(fromDecimal: text) == micros)
    }

    @Test(arguments: [
        ("0.1234567", "more than 6 decimals"), ("", "not a decimal"), (".25", "not a decimal"), ("0.", "not a decimal"),
        ("1e3", "not a decimal"), ("0,25", "not a decimal"), ("abc", "not a decimal"), ("--1", "not a decimal"), ("1.2.3", "not a decimal"),
        ("9223372036854.775808", "too large"), ("99999999999999999999", "too large"), ("٣.5", "not a decimal"),
    ])
    func malformedPricesAreRefused(text: String, complaint: String) {
        #expect {
            try PriceParser.micros(fromDecimal: text)
        } throws: { error in
            (error as? UsageError)?.description.contains(complaint) == true
        }
    }

    @Test(arguments: [("250000", 250_000), ("1_000_000", 1_000_000), ("-5", -5)] as [(String, Int64)])
    func rawMicros(text: String, micros: Int64) throws {
        #expect(try PriceParser.micros(fromInteger: text) == micros)
    }

    @Test(arguments: ["0.25", "", "1e6", "x"])
    func rawMicrosMustBeIntegers(text: String) {
        #expect(throws: UsageError.self) { try PriceParser.micros(fromInteger: text) }
    }
}
