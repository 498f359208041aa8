import Foundation

/// What a client handler (zone energy, prices, notifications) hands over on the reader thread,
/// kept for a test to look at from its own task.
final class HandlerInbox<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [Element] = []

    func add(_ element: Element) { lock.withLock { elements.append(element) } }
    var all: [Element] { lock.withLock { elements } }
    func last(where matches: (Element) -> Bool) -> Element? { lock.withLock { elements.last(where: matches) } }
}
