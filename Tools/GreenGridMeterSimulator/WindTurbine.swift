/// A wind turbine's power curve: nothing below cut-in, rated power from the rated speed up to
/// cut-out (where it feathers and stops to protect itself), and in between a cubic in speed,
/// P = P_rated · (v³ − v_in³) / (v_rated³ − v_in³), which follows the v³ of the wind's kinetic
/// power flux and meets both ends continuously.
public struct WindTurbine: Sendable, Equatable {
    public var ratedPowerW: Double
    public var cutInMps: Double
    public var ratedMps: Double
    public var cutOutMps: Double

    public init(ratedPowerW: Double, cutInMps: Double = 3, ratedMps: Double = 12, cutOutMps: Double = 25) {
        precondition(ratedPowerW >= 0 && 0 <= cutInMps && cutInMps < ratedMps && ratedMps < cutOutMps)
        self.ratedPowerW = ratedPowerW
        self.cutInMps = cutInMps
        self.ratedMps = ratedMps
        self.cutOutMps = cutOutMps
    }

    public func powerW(speedMps v: Double) -> Double {
        if v < cutInMps || v >= cutOutMps { return 0 }
        if v >= ratedMps { return ratedPowerW }
        let cubeIn = cutInMps * cutInMps * cutInMps
        return ratedPowerW * (v * v * v - cubeIn) / (ratedMps * ratedMps * ratedMps - cubeIn)
    }
}
