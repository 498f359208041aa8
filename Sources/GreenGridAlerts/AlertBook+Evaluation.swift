import GreenGridDomain

/// Evaluation: a round of observations becomes transitions (pure, the book untouched), and the
/// transitions are applied (the one way a round mutates the book, live and in replay).
extension AlertBook {
    struct IntervalKey: Hashable {
        var zone: ZoneIndex
        var intervalStartMs: Int64
    }

    struct FrontKey: Hashable {
        var zone: ZoneIndex
        var metric: AlertMetric
    }

    /// What a round at `nowMs` with these observations would change, alerts in id order.
    /// A later observation of the same zone interval replaces an earlier one.
    public func round(_ observations: [PriceObservation], nowMs: Int64) -> AlertRound {
        precondition(observations.count <= Self.observationsMax, "a round's observations are bounded")
        var byInterval: [IntervalKey: PriceObservation] = [:]
        byInterval.reserveCapacity(observations.count)
        for observation in observations {
            byInterval[IntervalKey(zone: observation.zone, intervalStartMs: observation.intervalStartMs)] = observation
        }
        // The front per zone and metric: the earliest interval where that price exists.
        var front: [FrontKey: (intervalStartMs: Int64, price: Int64)] = [:]
        for observation in byInterval.values {
            for metric in AlertMetric.allCases {
                guard let price = observation.price(metric) else { continue }
                let key = FrontKey(zone: observation.zone, metric: metric)
                if let current = front[key], current.intervalStartMs <= observation.intervalStartMs { continue }
                front[key] = (observation.intervalStartMs, price)
            }
        }
        var transitions: [AlertRound.Transition] = []
        for alert in alertsById {
            if !alert.isFront && nowMs >= alert.intervalStartMs {
                transitions.append(.init(kind: .expired, alertId: alert.alertId, intervalStartMs: alert.intervalStartMs, priceMicrosPerKWh: 0))
                continue
            }
            let seen: (intervalStartMs: Int64, price: Int64)?
            if alert.isFront {
                seen = front[FrontKey(zone: alert.zone, metric: alert.metric)]
            } else {
                seen = byInterval[IntervalKey(zone: alert.zone, intervalStartMs: alert.intervalStartMs)]?.price(alert.metric)
                    .map { (alert.intervalStartMs, $0) }
            }
            guard let seen else { continue }
            switch alert.state {
            case .armed where alert.fires(atPriceMicrosPerKWh: seen.price):
                transitions.append(.init(kind: .triggered, alertId: alert.alertId, intervalStartMs: seen.intervalStartMs,
                                         priceMicrosPerKWh: seen.price))
            case .triggered where alert.rearms(atPriceMicrosPerKWh: seen.price):
                transitions.append(.init(kind: .rearmed, alertId: alert.alertId, intervalStartMs: seen.intervalStartMs,
                                         priceMicrosPerKWh: seen.price))
            default:
                break
            }
        }
        return AlertRound(nowMs: nowMs, transitions: transitions)
    }

    /// Plans and applies a round; the notifications it produced, in alert-id order.
    public mutating func evaluate(_ observations: [PriceObservation], nowMs: Int64) -> [AlertTrigger] {
        evaluateRound(observations, nowMs: nowMs).triggers
    }

    /// Plans and applies a round; the round (to journal) and its notifications.
    public mutating func evaluateRound(_ observations: [PriceObservation], nowMs: Int64) -> (round: AlertRound, triggers: [AlertTrigger]) {
        let round = round(observations, nowMs: nowMs)
        do throws(AlertReplayError) {
            return (round, try apply(round))
        } catch {
            preconditionFailure("a round planned on this book applies to it: \(error)")
        }
    }

    /// Applies the transitions in order; refuses (before changing anything) one that does not fit
    /// the book: an unknown alert, a trigger of an alert not armed, a re-arm of one not triggered,
    /// an expiry of a front alert.
    @discardableResult
    public mutating func apply(_ round: AlertRound) throws(AlertReplayError) -> [AlertTrigger] {
        var positions: [Int] = []
        positions.reserveCapacity(round.transitions.count)
        var seen = Set<UInt64>()
        for transition in round.transitions {
            guard let position = index(of: transition.alertId), seen.insert(transition.alertId).inserted else {
                throw .unknownAlert(transition.alertId)
            }
            let alert = alertsById[position]
            let fits = switch transition.kind {
            case .triggered: alert.isArmed
            case .rearmed: !alert.isArmed
            case .expired: !alert.isFront && transition.intervalStartMs == alert.intervalStartMs
            }
            guard fits else { throw .transitionDoesNotFit(alertId: transition.alertId, kind: transition.kind) }
            positions.append(position)
        }
        var triggers: [AlertTrigger] = []
        var removed: [Int] = []
        for (transition, position) in zip(round.transitions, positions) {
            switch transition.kind {
            case .triggered:
                alertsById[position].state = .triggered(priceMicrosPerKWh: transition.priceMicrosPerKWh, atMs: round.nowMs,
                                                        intervalStartMs: transition.intervalStartMs)
                let alert = alertsById[position]
                let trigger = AlertTrigger(ownerId: alert.ownerId, sequence: lastSequence(ownerId: alert.ownerId) + 1, alertId: alert.alertId,
                                           zone: alert.zone, intervalStartMs: transition.intervalStartMs, metric: alert.metric,
                                           direction: alert.direction, thresholdMicrosPerKWh: alert.thresholdMicrosPerKWh,
                                           priceMicrosPerKWh: transition.priceMicrosPerKWh, triggeredAtMs: round.nowMs)
                notify(trigger)
                triggers.append(trigger)
            case .rearmed:
                alertsById[position].state = .armed
            case .expired:
                removed.append(position)
            }
        }
        for position in removed.sorted(by: >) { remove(at: position) }
        return triggers
    }
}

/// A journal record that does not fit the book it is replayed into: the journal and the code disagree.
public enum AlertReplayError: Error, Sendable, Hashable {
    case setRefused(alertId: UInt64, AlertRejection)
    case idOutOfOrder(expected: UInt64, found: UInt64)
    case setNotArmed(alertId: UInt64)
    case deleteRefused(alertId: UInt64, AlertRejection)
    case unknownAlert(UInt64)
    case transitionDoesNotFit(alertId: UInt64, kind: AlertRound.Kind)
}

extension AlertBook {
    /// What replaying one record did.
    public enum Applied: Sendable, Hashable {
        case set(PriceAlert)
        case deleted(PriceAlert)
        case evaluated([AlertTrigger])
    }

    /// Applies one journal record: what the service did live, repeated in recovery. The checks of
    /// the live path run again (a pair assertion on the journal).
    @discardableResult
    public mutating func apply(_ record: AlertRecord) throws(AlertReplayError) -> Applied {
        switch record {
        case .set(let alert):
            guard alert.alertId == nextAlertId else { throw .idOutOfOrder(expected: nextAlertId, found: alert.alertId) }
            guard alert.isArmed else { throw .setNotArmed(alertId: alert.alertId) }
            if let rejection = rejection(for: alert.spec, ownerId: alert.ownerId, nowMs: alert.createdAtMs) {
                throw .setRefused(alertId: alert.alertId, rejection)
            }
            insert(alert)
            return .set(alert)
        case .delete(let alertId, let ownerId):
            switch delete(alertId: alertId, ownerId: ownerId) {
            case .success(let alert): return .deleted(alert)
            case .failure(let rejection): throw .deleteRefused(alertId: alertId, rejection)
            }
        case .evaluated(let round):
            return .evaluated(try apply(round))
        }
    }
}
