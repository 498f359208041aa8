import GreenGridDomain
import GreenGridProtocol

/// What an answer is matched by: the protocol echoes a client order id, an order id or a request
/// id depending on the request, so the key says which.
enum PendingKey: Hashable, CustomStringConvertible {
    case newOrder(ClientOrderId)
    case cancel(OrderId)
    case replace(OrderId)
    case massCancel(UInt64)
    case admin(UInt64)
    case query(UInt64)
    case wallet(UInt64)
    case metering(UInt64)
    case alert(UInt64)
    case auctionStart(ClientOrderId)
    case auctionStop(AuctionId)

    var description: String {
        switch self {
        case .newOrder(let id): return "client order id \(id)"
        case .cancel(let id): return "a cancel of order \(id)"
        case .replace(let id): return "a replace of order \(id)"
        case .massCancel(let id): return "mass cancel request \(id)"
        case .admin(let id): return "admin request \(id)"
        case .query(let id): return "query \(id)"
        case .wallet(let id): return "wallet request \(id)"
        case .metering(let id): return "metering request \(id)"
        case .alert(let id): return "alert request \(id)"
        case .auctionStart(let id): return "an auction with client order id \(id)"
        case .auctionStop(let id): return "a stop of auction \(id)"
        }
    }
}

typealias AnswerContinuation = CheckedContinuation<Result<RequestAnswer, ClientError>, Never>

/// Requests waiting for their first answer, each with a deadline. The earliest deadline is kept
/// lazily (a removal does not recompute it), so adding and answering stay O(1) and only an expiry
/// pass scans the table.
struct PendingRequests {
    private struct Entry {
        var type: MessageType
        var order: UInt64
        var deadlineNs: Int64
        var timeoutMs: Int64
        var continuation: AnswerContinuation
    }

    private var entries: [PendingKey: Entry] = [:]
    private var nextOrder: UInt64 = 0
    /// No entry expires before this (it may be earlier than the real earliest after removals).
    private(set) var nextDeadlineNs = Int64.max

    var count: Int { entries.count }

    /// False when a request with the same key is already waiting.
    mutating func add(_ key: PendingKey, type: MessageType, timeoutMs: Int64, nowNs: Int64, continuation: AnswerContinuation) -> Bool {
        guard entries[key] == nil else { return false }
        nextOrder += 1
        let deadline = nowNs + MonotonicClock.nsFromMs(timeoutMs)
        entries[key] = Entry(type: type, order: nextOrder, deadlineNs: deadline, timeoutMs: timeoutMs, continuation: continuation)
        nextDeadlineNs = min(nextDeadlineNs, deadline)
        return true
    }

    mutating func resolve(_ key: PendingKey, with answer: RequestAnswer) {
        entries.removeValue(forKey: key)?.continuation.resume(returning: .success(answer))
    }

    mutating func fail(_ key: PendingKey, with error: ClientError) {
        entries.removeValue(forKey: key)?.continuation.resume(returning: .failure(error))
    }

    /// For answers that carry no id of their request (a mass cancel's OrderRejected, a
    /// ProtocolReject): the server answers in request order, so the oldest of that type is the one.
    mutating func resolveOldest(type rawType: UInt16, with answer: RequestAnswer) {
        var oldest: (key: PendingKey, order: UInt64)?
        for (key, entry) in entries where entry.type.rawValue == rawType {
            if oldest == nil || entry.order < oldest!.order { oldest = (key, entry.order) }
        }
        if let oldest { resolve(oldest.key, with: answer) }
    }

    /// Fails every request whose deadline passed.
    mutating func expire(nowNs: Int64) {
        guard nowNs >= nextDeadlineNs else { return }
        var earliest = Int64.max
        for (key, entry) in entries {
            if entry.deadlineNs <= nowNs {
                fail(key, with: .requestTimedOut(request: entry.type, timeoutMs: entry.timeoutMs))
            } else {
                earliest = min(earliest, entry.deadlineNs)
            }
        }
        nextDeadlineNs = earliest
    }

    mutating func failAll(_ error: ClientError) {
        let waiting = entries
        entries = [:]
        nextDeadlineNs = .max
        for entry in waiting.values { entry.continuation.resume(returning: .failure(error)) }
    }
}
