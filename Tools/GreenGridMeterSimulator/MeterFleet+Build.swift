import GreenGridDomain
import GreenGridMetering

extension MeterFleet {
    /// Meters in kind order (solar, wind, battery, household, business, prosumer), ids consecutive
    /// from `firstMeterId`. Each meter draws its sizes from its own stream, seeded by (seed, position),
    /// so one meter's parameters do not depend on how many random numbers another one used.
    static func buildSites(_ configuration: FleetConfiguration) -> [SimulatedSite] {
        let mix = configuration.mix
        let kinds: [(MeterKind, Int)] = [
            (.solar, mix.solarCount), (.wind, mix.windCount), (.battery, mix.batteryCount),
            (.householdLoad, mix.householdCount), (.businessLoad, mix.businessCount),
            (.bidirectional, mix.prosumerCount),
        ]
        var sites: [SimulatedSite] = []
        sites.reserveCapacity(mix.total)
        for (kind, count) in kinds {
            for _ in 0..<count {
                let position = sites.count
                let meterSeed = SeededRandom.hash(seed: configuration.seed, stream: 0x5173, index: Int64(position))
                var random = SeededRandom(seed: meterSeed)
                sites.append(site(kind: kind, position: position, meterSeed: meterSeed, random: &random, configuration: configuration))
            }
        }
        return sites
    }

    private static func site(kind: MeterKind, position: Int, meterSeed: UInt64, random: inout SeededRandom,
                             configuration: FleetConfiguration) -> SimulatedSite {
        let mix = configuration.mix
        let meterId = configuration.firstMeterId + MeterId(position)
        let ownerId = configuration.ownerIds[position % configuration.ownerIds.count]
        let importWh = configuration.randomInitialRegisters ? Int64(random.uniform(0...20_000_000)) : 0
        let exportWh = configuration.randomInitialRegisters ? Int64(random.uniform(0...20_000_000)) : 0
        func battery(_ capacityRange: ClosedRange<Double>) -> Battery {
            let capacityWh = random.uniform(capacityRange)
            return Battery(capacityWh: capacityWh, maxChargeW: capacityWh * mix.batteryCRate, maxDischargeW: capacityWh * mix.batteryCRate)
        }
        switch kind {
        case .solar:
            let pv = PVArray(peakW: random.uniform(mix.solarParkPeakWRange), tiltDeg: random.uniform(20...35),
                             azimuthDeg: random.uniform(165...195))
            return SimulatedSite(meterId: meterId, ownerId: ownerId, kind: kind, pv: pv, exportWh: exportWh)
        case .wind:
            let turbine = WindTurbine(ratedPowerW: random.uniform(mix.windRatedWRange))
            return SimulatedSite(meterId: meterId, ownerId: ownerId, kind: kind, turbine: turbine,
                                 windSpeedFactor: random.uniform(0.9...1.1), exportWh: exportWh)
        case .battery:
            return SimulatedSite(meterId: meterId, ownerId: ownerId, kind: kind, battery: battery(mix.gridBatteryCapacityWhRange),
                                 batteryPolicy: .gridSchedule(chargeFromHour: 10, chargeToHour: 15, dischargeFromHour: 17, dischargeToHour: 21),
                                 importWh: importWh, exportWh: exportWh)
        case .householdLoad, .businessLoad:
            let range = kind == .householdLoad ? mix.householdKWhRange : mix.businessKWhRange
            let load = LoadModel(profile: kind == .householdLoad ? .h0 : .g0, annualKWh: random.uniform(range),
                                 noiseSigma: mix.loadNoiseSigma, seed: meterSeed)
            return SimulatedSite(meterId: meterId, ownerId: ownerId, kind: kind, load: load, importWh: importWh)
        case .bidirectional:
            let pv = PVArray(peakW: random.uniform(mix.rooftopPeakWRange), tiltDeg: random.uniform(15...45),
                             azimuthDeg: random.uniform(120...240))
            let load = LoadModel(profile: .h0, annualKWh: random.uniform(mix.householdKWhRange), noiseSigma: mix.loadNoiseSigma, seed: meterSeed)
            let hasBattery = random.unit() < mix.prosumerBatteryShare
            return SimulatedSite(meterId: meterId, ownerId: ownerId, kind: kind, pv: pv, load: load,
                                 battery: hasBattery ? battery(mix.homeBatteryCapacityWhRange) : nil,
                                 batteryPolicy: mix.prosumerBatteryPolicy, importWh: importWh, exportWh: exportWh)
        }
    }
}
