import Dispatch
import Foundation
import Glibc
import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

/// What an attacker's connection got back: every message (heartbeats skipped) and whether the
/// server closed it.
struct AttackOutcome: Sendable {
    var messages: [Message]
    var closed: Bool
}

extension ProtocolClient {
    /// Everything that arrives until the server closes the connection or nothing comes for `quietMs`.
    func collect(quietMs: Int = 500) -> AttackOutcome {
        var messages: [Message] = []
        do {
            while let message = try next(timeoutMs: quietMs) { messages.append(message) }
            return AttackOutcome(messages: messages, closed: false)
        } catch {
            return AttackOutcome(messages: messages, closed: true)
        }
    }
}

/// The durable market state an attack must not touch: every resting order and every trader's
/// balances (robust against the clock's gate closures, unlike the state hash).
struct MarketState: Equatable, CustomStringConvertible {
    var resting: [RestingOrder]
    var balances: [TraderId: UserBalances]

    static func read(_ server: ExchangeServer) -> MarketState {
        blocking {
            let resting = await server.durable.restingOrders().sorted { $0.orderId < $1.orderId }
            var balances: [TraderId: UserBalances] = [:]
            for participant in await server.durable.tradingParticipants() {
                balances[participant.traderId] = await server.durable.balances(of: participant.traderId)?.balances
            }
            return MarketState(resting: resting, balances: balances)
        }
    }

    var description: String { "\(resting.count) resting orders, \(balances.count) wallets" }
}

/// Waits on this (non-pool) thread for async work: the tests' socket code runs on its own threads.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let semaphore = DispatchSemaphore(value: 0)
    let box = Mutexed<T?>(nil)
    Task {
        box.set(await work())
        semaphore.signal()
    }
    semaphore.wait()
    return box.get()!
}

/// A value behind a lock, for handing results between threads.
final class Mutexed<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func get() -> T { lock.withLock { value } }
    func set(_ newValue: T) { lock.withLock { value = newValue } }
}

/// Raw frames an honest encoder never makes.
enum BadFrames {
    /// A valid frame of `message` with its header or body changed by `edit` (offsets from the frame's start).
    static func edited(_ message: Message, _ edit: (inout [UInt8]) -> Void) -> [UInt8] {
        var bytes = message.frameBytes
        edit(&bytes)
        return bytes
    }

    /// `message`'s frame with the body cut or padded by `delta` bytes, the length field matching.
    static func resized(_ message: Message, by delta: Int) -> [UInt8] {
        var bytes = message.frameBytes
        if delta < 0 { bytes.removeLast(-delta) } else { bytes += [UInt8](repeating: 0, count: delta) }
        let length = UInt32(bytes.count - 4)
        for i in 0..<4 { bytes[i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        return bytes
    }

    static func length(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }
}
