/// An order's lifecycle. Every change goes through `applying(_:)`, whose table is the only
/// place a transition is allowed, so an illegal one (a fill after a cancel) cannot happen.
public enum OrderState: UInt8, Sendable, Hashable, Codable, CaseIterable {
    case new = 0
    case resting = 1
    case partiallyFilled = 2
    case filled = 3
    case cancelled = 4
    case expired = 5
    case rejected = 6

    public enum Transition: UInt8, Sendable, CaseIterable {
        case accept, rest, partialFill, fullFill, cancel, expire, reject
    }

    @inlinable public var isTerminal: Bool {
        self == .filled || self == .cancelled || self == .expired || self == .rejected
    }

    /// The next state, or nil when the transition is illegal from here.
    @inlinable public func applying(_ transition: Transition) -> OrderState? {
        switch (self, transition) {
        case (.new, .rest): return .resting
        case (.new, .partialFill), (.resting, .partialFill), (.partiallyFilled, .partialFill): return .partiallyFilled
        case (.new, .fullFill), (.resting, .fullFill), (.partiallyFilled, .fullFill): return .filled
        case (.new, .cancel), (.resting, .cancel), (.partiallyFilled, .cancel): return .cancelled
        case (.resting, .expire), (.partiallyFilled, .expire): return .expired
        case (.new, .reject): return .rejected
        case (.new, .accept): return .new
        default: return nil
        }
    }

    /// Applies a transition that the matcher has established is legal; a failure is a bug.
    @inlinable public mutating func apply(_ transition: Transition) {
        guard let next = applying(transition) else {
            preconditionFailure("illegal order transition \(transition) from \(self)")
        }
        self = next
    }
}
