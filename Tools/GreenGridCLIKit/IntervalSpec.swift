import GreenGridDomain

/// How a delivery interval is named on the command line: an absolute UTC start, `next`, or
/// `+N` intervals ahead of the one running now. Relative forms need the clock, so they are
/// resolved separately from parsing and tests can pin the time.
public enum IntervalSpec: Sendable, Hashable {
    case start(ms: Int64)
    /// `next` is `+1`: the first interval that has not started yet.
    case ahead(Int64)

    public init(_ text: String) throws(UsageError) {
        if text == "next" {
            self = .ahead(1)
        } else if text.hasPrefix("+") {
            guard let count = Int64(text.dropFirst()), (0...100_000).contains(count) else {
                throw UsageError("interval '\(text)' must be +N with N a whole number of 15-minute intervals ahead")
            }
            self = .ahead(count)
        } else {
            self = .start(ms: try UTCTime.parse(text))
        }
    }

    public func startMs(nowMs: Int64) -> Int64 {
        switch self {
        case .start(let ms): return ms
        case .ahead(let count): return DeliveryInterval.start(containing: nowMs) + count * DeliveryInterval.lengthMs
        }
    }
}
