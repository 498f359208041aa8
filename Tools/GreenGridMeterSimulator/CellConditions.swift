/// Everything a site needs about one time cell, computed once per fleet: the simulation holds
/// each input constant over a cell (default 60 s) that starts on an absolute grid, so the energy
/// between two readings does not depend on how far apart the readings are.
public struct CellConditions: Sendable, Equatable {
    /// Cell number: start time / cell length.
    public var index: Int64
    public var startMs: Int64
    public var sky: SkyConditions
    /// Hub-height wind speed, m/s.
    public var windSpeedMps: Double
    public var local: LocalTime
}
