import Testing

@testable import GreenGridCLIKit

@Suite struct QuantityParsingTests {
    @Test(arguments: [
        ("1500", 1_500), ("1500Wh", 1_500), ("1500wh", 1_500), ("1500 Wh", 1_500), ("1.5kWh", 1_500), ("1.5 kWh", 1_500),
        ("1.5KWH", 1_500), ("2kWh", 2_000), ("0.001kWh", 1), ("500kWh", 500_000), ("1", 1),
    ] as [(String, Int64)])
    func quantitiesBecomeWattHours(text: String, wattHours: Int64) throws {
        #expect(try QuantityParser.wattHours(text) == wattHours)
    }

    @Test(arguments: [
        ("1.0005kWh", "more than 3 decimals"), ("1.5Wh", "whole numbers"), ("1.5", "whole numbers"),
        ("0", "more than 0 Wh"), ("0kWh", "more than 0 Wh"), ("-5", "not a decimal"), ("kWh", "not a decimal"), ("5MWh", "not a decimal"),
        ("", "not a decimal"), ("99999999999999999999", "too large"), ("9223372036854775.808kWh", "too large"),
    ])
    func malformedQuantitiesAreRefused(text: String, complaint: String) {
        #expect {
            try QuantityParser.wattHours(text)
        } throws: { error in
            (error as? UsageError)?.description.contains(complaint) == true
        }
    }
}
