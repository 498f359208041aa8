/// Names one scheduled timer, to cancel it.
public struct TimerID: Hashable, Sendable {
    let rawValue: UInt64
}

/// Pending timers ordered by deadline, ties in scheduling order: a binary min-heap with lazy
/// cancellation (a cancelled entry is skipped when it reaches the top), bounded by `timersMax`
/// live timers. Pure: the caller supplies the time, so tests drive it without a clock.
struct TimerHeap<Action> {
    private struct Entry {
        var deadlineMs: Int64
        var id: UInt64
        func precedes(_ other: Entry) -> Bool {
            deadlineMs != other.deadlineMs ? deadlineMs < other.deadlineMs : id < other.id
        }
    }

    let timersMax: Int
    private var heap: [Entry] = []
    private var actions: [UInt64: Action] = [:]
    private var nextID: UInt64 = 1

    init(timersMax: Int) {
        precondition(timersMax > 0, "timersMax must be positive")
        self.timersMax = timersMax
    }

    var count: Int { actions.count }

    /// Adds a timer, or returns nil when `timersMax` are already pending.
    mutating func schedule(deadlineMs: Int64, _ action: Action) -> TimerID? {
        if actions.count >= timersMax { return nil }
        let id = nextID
        nextID += 1
        actions[id] = action
        push(Entry(deadlineMs: deadlineMs, id: id))
        if heap.count > 2 * actions.count + 64 { rebuild() }
        return TimerID(rawValue: id)
    }

    /// Cancels a pending timer; false if it already fired or was cancelled.
    mutating func cancel(_ id: TimerID) -> Bool {
        actions.removeValue(forKey: id.rawValue) != nil
    }

    /// The earliest live deadline, dropping cancelled entries from the top on the way.
    mutating func nextDeadlineMs() -> Int64? {
        while let top = heap.first {
            if actions[top.id] != nil { return top.deadlineMs }
            pop()
        }
        return nil
    }

    /// The ID the next scheduled timer will get: timers scheduled from now on are "later".
    var nextTimerID: TimerID { TimerID(rawValue: nextID) }

    /// Removes and returns the earliest timer due at `nowMs` that was scheduled before
    /// `limit`, or nil. One at a time, so a timer may cancel another due in the same pass.
    mutating func popDue(nowMs: Int64, scheduledBefore limit: TimerID) -> Action? {
        while let top = heap.first, top.deadlineMs <= nowMs {
            guard actions[top.id] != nil else {
                pop()
                continue
            }
            // Entries ordered after one scheduled later are also later, or not yet due.
            if top.id >= limit.rawValue { return nil }
            pop()
            return actions.removeValue(forKey: top.id)
        }
        return nil
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if !heap[child].precedes(heap[parent]) { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() {
        let last = heap.removeLast()
        if heap.isEmpty { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= heap.count { return }
            var child = left
            if left + 1 < heap.count && heap[left + 1].precedes(heap[left]) { child = left + 1 }
            if !heap[child].precedes(heap[parent]) { return }
            heap.swapAt(child, parent)
            parent = child
        }
    }

    /// Drops cancelled entries once they outnumber live ones, keeping memory bounded.
    private mutating func rebuild() {
        let live = heap.filter { actions[$0.id] != nil }
        heap.removeAll(keepingCapacity: true)
        for entry in live { push(entry) }
    }

    func checkInvariants() {
        for index in heap.indices.dropFirst() {
            precondition(!heap[index].precedes(heap[(index - 1) / 2]), "heap order broken at \(index)")
        }
        precondition(actions.keys.allSatisfy { id in heap.contains { $0.id == id } }, "a live timer is missing from the heap")
        precondition(actions.count <= timersMax)
    }
}
