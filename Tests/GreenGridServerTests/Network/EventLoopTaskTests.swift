import Dispatch
import Glibc
import Testing

@testable import GreenGridServer

/// Work handed over from other threads, and timers, on a loop with no sockets.
@Suite struct EventLoopTaskTests {
    /// Loop-confined state the tasks append to: only ever touched on the loop's thread.
    final class LoopLog: @unchecked Sendable {
        var entries: [Int] = []
        var iterations: [Int] = []
    }

    @Test func closuresFromAnotherThreadRunInOrderWithFewWakeUps() throws {
        let count = 20_000
        try withLoop { loop, _, _ in
            let log = LoopLog()
            let done = DispatchSemaphore(value: 0)
            let wakeUpsBefore = loop.wakeUps
            DispatchQueue.global().async {
                for index in 0..<count {
                    let queued = loop.execute {
                        log.entries.append(index)
                        if index == count - 1 { done.signal() }
                    }
                    precondition(queued)
                }
            }
            #expect(done.wait(timeout: .now() + .seconds(5)) == .success)
            let entries = onLoop(loop) { log.entries }
            #expect(entries == Array(0..<count))
            let wakeUps = loop.wakeUps - wakeUpsBefore
            // One eventfd write per batch, not per closure: a few dozen on an idle machine, about a
            // thousand on a busy one (the loop drains faster than the producer fills); one per
            // closure would be 20,000. The exact bound is the next test's.
            #expect(wakeUps >= 1)
            #expect(wakeUps * 4 < count, "\(wakeUps) wake-ups for \(count) closures")
        }
    }

    @Test func closuresQueuedWhileTheLoopIsBusyRunAsOneBatchWithoutAWakeUp() throws {
        try withLoop { loop, _, _ in
            let log = LoopLog()
            let release = DispatchSemaphore(value: 0)
            let entered = DispatchSemaphore(value: 0)
            #expect(loop.execute {
                entered.signal()
                release.wait()
            })
            #expect(entered.wait(timeout: .now() + .seconds(5)) == .success)
            let wakeUpsWhileBusy = loop.wakeUps
            for index in 0..<1_000 {
                #expect(loop.execute {
                    log.entries.append(index)
                    log.iterations.append(loop.iterations)
                })
            }
            let batch: [@Sendable () -> Void] = (1_000..<1_100).map { index in { log.entries.append(index) } }
            #expect(loop.execute(contentsOf: batch))
            #expect(loop.wakeUps == wakeUpsWhileBusy, "a busy loop needs no wake-up")
            release.signal()
            let (entries, iterations) = onLoop(loop) { (log.entries, Set(log.iterations)) }
            #expect(entries == Array(0..<1_100))
            #expect(iterations.count == 1, "all ran in one loop iteration")
        }
    }

    @Test func batchOfClosuresCostsOneWakeUp() throws {
        try withLoop { loop, _, _ in
            #expect(waitUntil { loop.shared.withLock { $0.sleeping } })
            let before = loop.wakeUps
            let log = LoopLog()
            let done = DispatchSemaphore(value: 0)
            var batch: [@Sendable () -> Void] = (0..<500).map { index in { log.entries.append(index) } }
            batch.append { done.signal() }
            #expect(loop.execute(contentsOf: batch))
            #expect(done.wait(timeout: .now() + .seconds(5)) == .success)
            #expect(loop.wakeUps - before == 1)
            #expect(onLoop(loop) { log.entries } == Array(0..<500))
        }
    }

    @Test func queueBoundRefusesInsteadOfGrowing() throws {
        let recorder = Recorder(echo: false)
        let loop = try EventLoop(configuration: EventLoopConfiguration(pendingTasksMax: 3), delegate: recorder)
        defer { loop.shutdown() }
        #expect(loop.execute {})
        let two: [@Sendable () -> Void] = [{}, {}]
        #expect(loop.execute(contentsOf: two))
        #expect(loop.execute {} == false)
        #expect(loop.execute(contentsOf: [two[0]]) == false)
    }

    @Test func timersFireInDeadlineOrderAndNeverEarly() throws {
        try withLoop { loop, _, _ in
            let fired = Box<[(String, Double)]>([])
            onLoop(loop) {
                let start = Syscall.monotonicNanoseconds()
                func timer(_ name: String, _ delayMs: Int64) -> TimerID {
                    loop.scheduleTimer(afterMs: delayMs) {
                        let elapsedMs = Double(Syscall.monotonicNanoseconds() - start) / 1e6
                        fired.update { $0.append((name, elapsedMs - Double(delayMs))) }
                    }!
                }
                _ = timer("d", 30)
                _ = timer("b1", 10)
                _ = timer("c", 20)
                _ = timer("b2", 10)
                _ = timer("a", 0)
                let cancelled = timer("x", 15)
                loop.cancelTimer(cancelled)
                // A timer may cancel another that falls due in the same pass.
                var victim: TimerID?
                _ = loop.scheduleTimer(afterMs: 25) { loop.cancelTimer(victim!) }
                victim = timer("y", 25)
            }
            #expect(waitUntil { fired.get().count == 5 })
            usleep(20_000)
            let record = fired.get()
            #expect(record.map(\.0) == ["a", "b1", "b2", "c", "d"])
            // Never early (the millisecond clock may round by under 1 ms).
            #expect(record.allSatisfy { $0.1 > -1 }, "\(record)")
            #expect(onLoop(loop) { loop.timerCount } == 0)
        }
    }

    @Test func timerSchedulingItselfWithNoDelayLetsTheLoopBreathe() throws {
        try withLoop { loop, _, _ in
            let ticks = Box(0)
            let otherRan = Box(false)
            onLoop(loop) {
                func again() {
                    ticks.update { $0 += 1 }
                    if ticks.get() < 1_000 { _ = loop.scheduleTimer(afterMs: 0, again) }
                }
                again()
            }
            #expect(loop.execute { otherRan.set(true) })
            #expect(waitUntil { otherRan.get() })
            #expect(waitUntil { ticks.get() == 1_000 })
        }
    }

    @Test func timerBoundRefusesInsteadOfGrowing() throws {
        let loop = try EventLoop(configuration: EventLoopConfiguration(timersMax: 2), delegate: Recorder(echo: false))
        defer { loop.shutdown() }
        #expect(loop.scheduleTimer(afterMs: 10) {} != nil)
        let second = try #require(loop.scheduleTimer(afterMs: 10) {})
        #expect(loop.scheduleTimer(afterMs: 10) {} == nil)
        #expect(loop.cancelTimer(second))
        #expect(loop.cancelTimer(second) == false)
        #expect(loop.scheduleTimer(afterMs: 10) {} != nil)
    }
}
