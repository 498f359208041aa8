import Foundation

/// A cumulative energy register (OBIS 1.8.0 or 2.8.0) in whole Wh, as a real meter shows it.
///
/// The rounding rule: energy is added as a Double; whole Wh move into the register and the
/// fraction below 1 Wh stays in `remainderWh` for the next addition, so nothing is lost. At every
/// moment register + remainder equals the integrated energy (to floating-point error), so the
/// register lags the true energy by less than 1 Wh and never decreases.
public struct EnergyRegister: Sendable, Equatable {
    public private(set) var wh: Int64
    /// Energy integrated but not yet shown, in [0, 1) Wh.
    public private(set) var remainderWh: Double = 0
    /// All energy added since the register was created, Wh (a Double sum, for checks).
    public private(set) var integratedWh: Double = 0

    public init(wh: Int64 = 0) {
        precondition(wh >= 0)
        self.wh = wh
    }

    public mutating func add(energyWh: Double) {
        precondition(energyWh >= 0 && energyWh.isFinite, "EnergyRegister: \(energyWh) Wh")
        integratedWh += energyWh
        remainderWh += energyWh
        let whole = remainderWh.rounded(.down)
        wh += Int64(whole)
        remainderWh -= whole
    }
}
