import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol

/// The metering family (Protocol/protocol.md, "Metering"). Batches and registrations gathered
/// during one loop iteration go to the metering service as one journal batch, one submission
/// at a time (so a gateway's batches are validated in the order it sent them); each is answered
/// once durable. Answers are outside the session stream and go to the connection that asked.
extension ExchangeServer {
    /// Readings queued or in flight above which a batch is refused `notReady` (the gateway sends
    /// it again later): what bounds the server's memory when gateways outrun the disk.
    static let meteringPendingReadingsMax = 512 * Message.MeterReadings.capacity

    struct MeteringWork {
        enum Answer {
            case batch(batchId: UInt64)
            case registration(requestId: UInt64, meterId: UInt64)
        }
        let session: ServerSession
        let sessionId: UInt64
        let answer: Answer
        let record: MeteringRecord
    }

    func metering(_ message: Message, session: ServerSession) {
        guard let participant = session.credential?.participant else { return }
        switch message {
        case .meterReadings(let batch):
            guard meteringPendingReadings + batch.readings.count <= Self.meteringPendingReadingsMax, !stopped, !meteringFailed else {
                return send(.meteringRejected(Message.MeteringRejected(requestId: batch.batchId, reason: .notReady)), to: session)
            }
            meteringPendingReadings += batch.readings.count
            let record = MeteringRecord.readings(ReadingBatch(receivedMs: WallClock.nowMs(), gatewayId: participant.traderId,
                                                              readings: batch.readings))
            queueMetering(MeteringWork(session: session, sessionId: session.sessionId, answer: .batch(batchId: batch.batchId), record: record))
        case .registerMeter(let request):
            if meteringFailed {
                return send(.meteringRejected(Message.MeteringRejected(requestId: request.requestId, reason: .notReady)), to: session)
            }
            if let reason = registrationProblem(request) {
                return send(.meteringRejected(Message.MeteringRejected(requestId: request.requestId, reason: reason)), to: session)
            }
            let meter = Meter(meterId: request.meterId, ownerId: request.ownerId, gatewayId: request.gatewayId, feederId: request.feederId,
                              zone: Int(request.zone), kind: request.kind, ratedPowerW: request.ratedPowerW)
            queueMetering(MeteringWork(session: session, sessionId: session.sessionId,
                                       answer: .registration(requestId: request.requestId, meterId: request.meterId),
                                       record: .registerMeter(meter)))
        case .zoneEnergySubscribe(let request):
            guard request.zone == ProtocolConstants.allZones || Int(request.zone) < market.zones.count else {
                return refuse(session, .unknownZone, type: MessageType.zoneEnergySubscribe.rawValue, text: "zone")
            }
            energySubscriptions.set(session.id, zone: request.zone, active: request.active)
        case .forecastRequest(let request):
            forecast(request, participant: participant, session: session)
        default:
            break
        }
    }

    /// What the loop can check before the journal: the users the registration names (the users
    /// are the server's, not the metering state's) and the fields' ranges.
    private func registrationProblem(_ request: Message.RegisterMeter) -> MeteringRejectReason? {
        guard Int(request.zone) < market.zones.count else { return .unknownZone }
        guard request.ratedPowerW > 0, request.ratedPowerW <= MeterRegistry.defaultRatedPowerWMax else { return .ratedPowerInvalid }
        guard let owner = credentials.credential(trader: request.ownerId), owner.participant.role.mayTrade else { return .unknownOwner }
        guard owner.participant.zone == Int(request.zone) else { return .ownerZoneMismatch }
        guard let gateway = credentials.credential(trader: request.gatewayId), gateway.participant.role == .gateway else {
            return .unknownGateway
        }
        return nil
    }

    private func queueMetering(_ work: MeteringWork) {
        meteringPending.append(work)
        if !meteringFlushScheduled && !meteringInFlight {
            meteringFlushScheduled = true
            // At the start of the next iteration, after everything this one read.
            _ = loop.execute { [self] in
                meteringFlushScheduled = false
                if !meteringInFlight { submitMetering() }
            }
        }
    }

    private func submitMetering() {
        guard !meteringPending.isEmpty else { return }
        meteringInFlightWork = meteringPending
        meteringPending = []
        meteringInFlight = true
        let records = meteringInFlightWork.map(\.record)
        let metering = self.metering
        let loop = self.loop!
        Task { [self] in
            do {
                let (applied, ticket) = try await metering.apply(records)
                try await metering.waitDurable(ticket)
                _ = loop.execute { [self] in meteringDone(applied: applied) }
            } catch {
                log.error("metering_journal_failed", [("error", .string("\(error)"))])
                _ = loop.execute { [self] in meteringDone(applied: nil) }
            }
        }
    }

    /// Answers a durable submission (or, with nil, a failed one: fail-stop, nobody is told
    /// anything was stored), then submits what queued meanwhile.
    private func meteringDone(applied: [MeteringService.Applied]?) {
        let work = meteringInFlightWork
        meteringInFlightWork = []
        meteringInFlight = false
        for item in work {
            if case .readings(let batch) = item.record { meteringPendingReadings -= batch.readings.count }
        }
        guard let applied else {
            meteringFailed = true
            for session in sessions.values where !session.closing { end(session, .serverShutdown) }
            return
        }
        for (item, result) in zip(work, applied) {
            guard let current = liveSession(item.session.id, sessionId: item.sessionId) else { continue }
            switch (item.answer, result.result) {
            case (.batch(let batchId), .ingested(let outcomes)):
                send(.readingsAck(Message.ReadingsAck(batchId: batchId, sequence: result.sequence, outcomes: outcomes)), to: current)
            case (.registration(let requestId, let meterId), .registered):
                send(.meterRegistered(Message.MeterRegistered(requestId: requestId, meterId: meterId, sequence: result.sequence)), to: current)
            case (.registration(let requestId, _), .registrationRefused(let error)):
                send(.meteringRejected(Message.MeteringRejected(requestId: requestId, reason: Self.rejectReason(error))), to: current)
            default:
                break
            }
        }
        if !meteringPending.isEmpty && !meteringFailed { submitMetering() }
    }

    static func rejectReason(_ error: MeterRegistrationError) -> MeteringRejectReason {
        switch error {
        case .duplicateMeterId: .duplicateMeterId
        case .ratedPowerNotPositive, .ratedPowerTooHigh: .ratedPowerInvalid
        case .registryFull: .registryFull
        case .negativeZone, .unknownZone: .unknownZone
        }
    }

    // MARK: The live view

    func scheduleZoneEnergy() {
        _ = loop.scheduleTimer(afterMs: configuration.zoneEnergyIntervalMs) { [weak self] in
            guard let self, !self.stopped else { return }
            self.publishZoneEnergy()
            self.scheduleZoneEnergy()
        }
    }

    /// Sends each subscriber the zone intervals whose figures changed since the last round.
    private func publishZoneEnergy() {
        guard !zoneEnergyInFlight else { return }
        zoneEnergyInFlight = true
        let metering = self.metering
        let loop = self.loop!
        Task { [self] in
            let changed = await metering.takeChangedZoneEnergy()
            _ = loop.execute { [self] in
                zoneEnergyInFlight = false
                guard !changed.isEmpty, !energySubscriptions.isEmpty else { return }
                let asOfMs = WallClock.nowMs()
                let frames = changed.map { key, figures in
                    (zone: UInt16(truncatingIfNeeded: key.zone), bytes: SharedBytes(Message.zoneEnergy(Message.ZoneEnergy(
                        zone: UInt16(truncatingIfNeeded: key.zone), intervalStartMs: key.intervalStartMs, importWh: figures.energy.importWh,
                        exportWh: figures.energy.exportWh, meters: UInt32(clamping: figures.meters), quality: figures.energy.quality,
                        asOfMs: asOfMs)).frameBytes))
                }
                for frame in frames {
                    for connection in energySubscriptions.connections(watching: frame.zone) {
                        guard let session = sessions[connection], !session.closing else { continue }
                        transmit(frame.bytes, to: session)
                    }
                }
            }
        }
    }
}
