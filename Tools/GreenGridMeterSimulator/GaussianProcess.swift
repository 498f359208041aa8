import Foundation

/// A stationary AR(1) Gaussian process on a fixed grid of nodes, linearly interpolated between
/// them: x[n+1] = φ·x[n] + √(1−φ²)·ε[n+1], ε[n] a counter-based N(0,1) draw for node n.
///
/// Why nodes on an absolute grid: the value at an instant does not depend on how the caller steps
/// (1 s or 15 min), only on the seed and on the node where the process started (the first node
/// asked for, drawn from the stationary law). Requests must not go back in time.
public struct GaussianProcess: Sendable {
    public let seed: UInt64
    public let stream: UInt64
    public let nodeMs: Int64
    /// Lag-one correlation between nodes, exp(−nodeMs / correlationMs).
    public let phi: Double
    private var nodeIndex: Int64?
    private var current = 0.0
    private var following = 0.0

    public init(seed: UInt64, stream: UInt64, nodeMs: Int64, correlationMs: Int64) {
        precondition(nodeMs > 0 && correlationMs > 0)
        self.seed = seed
        self.stream = stream
        self.nodeMs = nodeMs
        self.phi = exp(-Double(nodeMs) / Double(correlationMs))
    }

    /// The process at `timeMs`, advancing the node state as needed; `timeMs` must not precede the
    /// node of the previous request.
    public mutating func value(atMs timeMs: Int64) -> Double {
        let node = timeMs >= 0 ? timeMs / nodeMs : (timeMs - nodeMs + 1) / nodeMs
        if let index = nodeIndex {
            precondition(node >= index, "GaussianProcess: time went backwards")
            for step in index..<node { advance(to: step + 2) }
        } else {
            current = SeededRandom.gaussian(seed: seed, stream: stream, index: node)
            following = innovate(from: current, node: node + 1)
        }
        nodeIndex = node
        let fraction = Double(timeMs - node * nodeMs) / Double(nodeMs)
        return current + (following - current) * fraction
    }

    private mutating func advance(to newNode: Int64) {
        current = following
        following = innovate(from: current, node: newNode)
    }

    private func innovate(from value: Double, node: Int64) -> Double {
        phi * value + (1 - phi * phi).squareRoot() * SeededRandom.gaussian(seed: seed, stream: stream, index: node)
    }
}
