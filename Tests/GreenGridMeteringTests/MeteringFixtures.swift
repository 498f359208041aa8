import GreenGridDomain
@testable import GreenGridMetering

/// A 15-minute-aligned start time near 2023-11, so interval arithmetic is easy to read.
let t0: Int64 = 1_888_888 * 900_000
let minuteMs: Int64 = 60_000
let modulusWh = ValidationRules().registerModulusWh

/// Meter 1: 10 kW (at most 2 500 Wh in 15 minutes), owned by user 7 in zone 0.
func fixtureRegistry() -> MeterRegistry {
    var registry = MeterRegistry()
    try! registry.register(Meter(meterId: 1, ownerId: 7, feederId: 3, zone: 0, kind: .bidirectional, ratedPowerW: 10_000))
    return registry
}

/// A reading of meter 1 (unless told otherwise) `minutes` after `t0`.
func reading(_ minutes: Int64, _ importWh: Int64, _ exportWh: Int64 = 0, powerW: Int64? = nil,
             status: MeterStatus = [], meterId: MeterId = 1) -> MeterReading {
    MeterReading(meterId: meterId, timestampMs: t0 + minutes * minuteMs, importWh: importWh, exportWh: exportWh,
                 powerW: powerW, status: status)
}

/// SplitMix64: a small seeded generator so random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
