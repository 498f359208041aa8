/// A household's expected consumption by hour of day, shaped like the BDEW H0 standard load
/// profile on a weekday (low at night, a morning rise, a midday plateau, the evening peak), as
/// permille of its peak. Integer arithmetic: the result is a quantity to buy.
public struct LoadProfile: Sendable, Hashable, Codable {
    public var peakW: Int64
    /// 24 entries, permille of `peakW`, by UTC hour.
    public var hourlyPermille: [Int64]

    public static let householdPermille: [Int64] = [
        330, 280, 250, 240, 250, 300, 450, 620, 600, 520, 500, 540,
        600, 560, 500, 480, 540, 700, 900, 1_000, 900, 740, 560, 420,
    ]

    public init(peakW: Int64, hourlyPermille: [Int64] = LoadProfile.householdPermille) {
        precondition(hourlyPermille.count == 24, "one share per hour of the day")
        self.peakW = peakW
        self.hourlyPermille = hourlyPermille
    }

    /// Expected consumption in Wh over a 15-minute interval.
    public func loadWh(intervalStartMs: Int64) -> Int64 {
        let hour = Int(((intervalStartMs / 3_600_000) % 24 + 24) % 24)
        return peakW * hourlyPermille[hour] / 1_000 / 4
    }
}
