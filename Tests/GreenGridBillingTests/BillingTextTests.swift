import GreenGridBilling
import Testing

/// Printed figures come from integers only; these pin the digits and where rounding happens.
@Suite("Billing text")
struct BillingTextTests {
    @Test("Exact money keeps every micro", arguments: [
        (Int64(0), "0.000000"), (1, "0.000001"), (-1, "-0.000001"), (1_234_567, "1.234567"), (-50_000_000, "-50.000000"),
        (Int64.min, "-9223372036854.775808"), (Int64.max, "9223372036854.775807"),
    ])
    func moneyExact(_ micros: Int64, _ text: String) {
        #expect(BillingText.moneyExact(micros) == text)
    }

    @Test("Money to the cent rounds half away from zero", arguments: [
        (Int64(0), "0.00"), (1_234_567, "1.23"), (1_235_000, "1.24"), (1_234_999, "1.23"), (5_000, "0.01"), (4_999, "0.00"),
        (-5_000, "-0.01"), (-4_999, "0.00"), (-1_235_000, "-1.24"), (Int64.min, "-9223372036854.78"),
    ])
    func moneyCents(_ micros: Int64, _ text: String) {
        #expect(BillingText.moneyCents(micros) == text)
    }

    @Test("Prices and energy", arguments: [
        (Int64(245_000), "0.245000", "0.2450", "245.000"), (245_050, "0.245050", "0.2451", "245.050"),
        (-245_049, "-0.245049", "-0.2450", "-245.049"), (1, "0.000001", "0.0000", "0.001"),
    ])
    func pricesAndEnergy(_ value: Int64, _ exact: String, _ readable: String, _ energy: String) {
        #expect(BillingText.priceExact(value) == exact)
        #expect(BillingText.priceReadable(value) == readable)
        #expect(BillingText.energy(value) == energy)
    }
}
