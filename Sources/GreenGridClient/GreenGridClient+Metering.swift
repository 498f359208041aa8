import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol

/// The metering family (Protocol/protocol.md, "Metering"). Answers are outside the session
/// stream, matched by batch or request id. A batch whose answer was lost (a timeout, a dropped
/// connection) is safe to send again with the same readings: stored readings come back `duplicate`.
extension GreenGridClient {
    /// Sends 1 ... 128 readings as one batch and returns its outcomes once the exchange has them
    /// durably. A whole batch refused (`notReady`: the exchange is busy or stopping) throws
    /// `.meteringRejected`; send it again later.
    public func submitReadings(_ readings: [MeterReading], batchId: UInt64? = nil, timeoutMs: Int64? = nil) async throws(ClientError)
        -> Message.ReadingsAck {
        guard (1...Message.MeterReadings.capacity).contains(readings.count) else {
            throw .invalidRequest("a batch holds 1 ... \(Message.MeterReadings.capacity) readings, not \(readings.count)")
        }
        let id = batchId ?? nextRequestId()
        let answer = try await request(.meterReadings(Message.MeterReadings(batchId: id, readings: readings)), key: .metering(id),
                                       timeoutMs: timeoutMs)
        guard case .readingsAck(let ack) = answer else { throw Self.meteringFailure(answer, .meterReadings) }
        guard ack.outcomes.count == readings.count else {
            throw .answerMismatch(request: .meterReadings, detail: "\(readings.count) readings sent, \(ack.outcomes.count) outcomes back")
        }
        return ack
    }

    /// Registers a meter (grid operators and admins), answered once durable.
    public func registerMeter(_ meter: Meter, timeoutMs: Int64? = nil) async throws(ClientError) -> Message.MeterRegistered {
        let requestId = nextRequestId()
        let message = Message.registerMeter(Message.RegisterMeter(
            requestId: requestId, meterId: meter.meterId, ownerId: meter.ownerId, gatewayId: meter.gatewayId,
            zone: UInt16(truncatingIfNeeded: meter.zone), feederId: meter.feederId, kind: meter.kind, ratedPowerW: meter.ratedPowerW))
        let answer = try await request(message, key: .metering(requestId), timeoutMs: timeoutMs)
        guard case .meterRegistered(let registered) = answer else { throw Self.meteringFailure(answer, .registerMeter) }
        return registered
    }

    /// Starts (or stops) the live energy view of a zone (0xFFFF: every zone). ZoneEnergy messages
    /// go to `ClientConfiguration.zoneEnergyHandler`. Nothing answers a subscription; an unknown
    /// zone is a ProtocolReject in the session stream.
    public func subscribeZoneEnergy(zone: UInt16, active: Bool = true) throws(ClientError) {
        try sendNow(.zoneEnergySubscribe(Message.ZoneEnergySubscribe(zone: zone, active: active)))
    }

    /// Production forecast of a zone (meterId 0) or one of the user's meters, per 15-minute
    /// interval from the next interval's start.
    public func forecast(zone: UInt16, meterId: UInt64 = 0, method: ForecastMethodCode = .smartPersistence, intervals: UInt16 = 96,
                         timeoutMs: Int64? = nil) async throws(ClientError) -> Message.Forecast {
        let requestId = nextRequestId()
        let message = Message.forecastRequest(Message.ForecastRequest(requestId: requestId, zone: zone, meterId: meterId, method: method,
                                                                      intervals: intervals))
        let answer = try await request(message, key: .metering(requestId), timeoutMs: timeoutMs)
        guard case .forecast(let forecast) = answer else { throw Self.meteringFailure(answer, .forecastRequest) }
        return forecast
    }

    static func meteringFailure(_ answer: RequestAnswer, _ type: MessageType) -> ClientError {
        switch answer {
        case .meteringRejected(let rejected): return .meteringRejected(reason: rejected.reason, request: type)
        case .protocolReject(let reject): return .invalidRequest("\(type.name) refused: \(reject.reason) \(reject.text)")
        default: return .invalidRequest("\(type.name) answered \(answer)")
        }
    }

    func handleMeteringAnswer(_ message: Message) {
        state.withLock { state in
            switch message {
            case .readingsAck(let ack): state.pending.resolve(.metering(ack.batchId), with: .readingsAck(ack))
            case .meterRegistered(let registered): state.pending.resolve(.metering(registered.requestId), with: .meterRegistered(registered))
            case .meteringRejected(let rejected): state.pending.resolve(.metering(rejected.requestId), with: .meteringRejected(rejected))
            case .forecast(let forecast): state.pending.resolve(.metering(forecast.requestId), with: .forecast(forecast))
            default: break
            }
        }
    }
}
