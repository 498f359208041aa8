import GreenGridEngine
import Testing

@Suite struct FormatTests {
    @Test("integer units print as decimals without floating point", arguments: [
        (Format.price(245_000), "0.2450"), (Format.price(1_234_567), "1.2345"), (Format.price(-100), "-0.0001"),
        (Format.money(1_234_567), "1.23"), (Format.money(5_000), "0.01"), (Format.money(4_999), "0.00"),
        (Format.energy(1_234), "1.234"), (Format.energy(5), "0.005"), (Format.energy(-2_000), "-2.000"),
        (Format.clock(1_798_761_600_000 + 13 * 3_600_000 + 5 * 60_000), "13:05"),
    ])
    func formats(actual: String, expected: String) {
        #expect(actual == expected)
    }
}
