import GreenGridDomain
import GreenGridMetering

/// What a caller needs to register a simulated meter.
public struct SimulatedMeterInfo: Sendable, Hashable {
    public var meterId: MeterId
    public var ownerId: TraderId
    public var kind: MeterKind
    public var ratedPowerW: Int64
}

/// A fleet of simulated meters under one sky: advance it to a time, get one reading per meter.
///
/// Each call integrates every meter over the cells between the previous reading and this one
/// (O(meters × cells)), with the weather computed once per cell for the whole fleet. Readings depend
/// only on the configuration and the sequence of times asked for; the energy between two times does
/// not depend on the steps in between (cells sit on an absolute grid), and the weather processes start
/// at the first time asked for.
public struct MeterFleet: Sendable {
    public let configuration: FleetConfiguration
    public private(set) var sites: [SimulatedSite]
    public private(set) var weather: Weather
    public private(set) var lastReadingMs: Int64?
    /// The conditions of the cell holding the last reading time.
    public private(set) var currentCell: CellConditions?

    public init(configuration: FleetConfiguration) {
        self.configuration = configuration
        sites = MeterFleet.buildSites(configuration)
        weather = Weather(seed: configuration.seed, configuration: configuration.weather, latitudeDeg: configuration.latitudeDeg,
                          longitudeDeg: configuration.longitudeDeg, utcOffsetMin: configuration.utcOffsetMin)
    }

    public var meters: [SimulatedMeterInfo] {
        sites.map { SimulatedMeterInfo(meterId: $0.meterId, ownerId: $0.ownerId, kind: $0.kind, ratedPowerW: $0.ratedPowerW) }
    }

    var cellMs: Int64 { configuration.cellS * 1_000 }

    /// One reading per meter at `timeMs`, which must be later than the previous call's.
    public mutating func readings(atMs timeMs: Int64) -> [MeterReading] {
        advance(toMs: timeMs)
        return sites.map { $0.reading(atMs: timeMs) }
    }

    /// Moves the fleet to `timeMs` without building readings.
    public mutating func advance(toMs timeMs: Int64) {
        if let last = lastReadingMs {
            precondition(timeMs > last, "MeterFleet: readings must move forward in time (\(timeMs) after \(last))")
            var cursor = last
            while cursor < timeMs {
                let cell = cell(containing: cursor)
                let segmentEnd = min(cell.startMs + cellMs, timeMs)
                let hours = Double(segmentEnd - cursor) / 3_600_000
                for index in sites.indices { sites[index].integrate(hours: hours) }
                cursor = segmentEnd
            }
        }
        _ = cell(containing: timeMs)
        lastReadingMs = timeMs
    }

    /// The cell holding `timeMs`, computed once and entered by every site (which decides its powers).
    private mutating func cell(containing timeMs: Int64) -> CellConditions {
        let index = timeMs >= 0 ? timeMs / cellMs : (timeMs - cellMs + 1) / cellMs
        if let currentCell, currentCell.index == index { return currentCell }
        let cell = weather.cell(index: index, cellMs: cellMs)
        let cellHours = Double(cellMs) / 3_600_000
        for site in sites.indices { sites[site].enter(cell, cellHours: cellHours) }
        currentCell = cell
        return cell
    }
}
