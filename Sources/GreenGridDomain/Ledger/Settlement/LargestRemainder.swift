/// Splits a whole number of Wh over weights so the parts sum exactly to the whole: each part
/// gets the floor of its exact share, and the Wh left over go one each to the largest
/// remainders (ties to the earlier weight, so the split is deterministic). No part exceeds
/// its weight, since the whole never exceeds the weights' sum.
public enum LargestRemainder {
    /// `totalWh` is clamped to 0...sum(weights); weights must be positive and their sum fit Int64.
    public static func split(_ totalWh: Int64, weights: [Int64]) -> [Int64] {
        var sum: Int64 = 0
        for weight in weights {
            precondition(weight > 0, "weights are traded quantities, always positive")
            sum += weight
        }
        let total = max(0, min(totalWh, sum))
        if total == sum { return weights }
        if total == 0 { return [Int64](repeating: 0, count: weights.count) }
        var parts = [Int64](repeating: 0, count: weights.count)
        var remainders = [(remainder: Int64, index: Int)]()
        remainders.reserveCapacity(weights.count)
        var assigned: Int64 = 0
        for (index, weight) in weights.enumerated() {
            // total × weight can exceed Int64; the quotient cannot exceed weight.
            let (quotient, remainder) = sum.dividingFullWidth(total.multipliedFullWidth(by: weight))
            parts[index] = quotient
            assigned += quotient
            remainders.append((remainder, index))
        }
        var leftover = total - assigned
        if leftover > 0 {
            remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
            for entry in remainders where leftover > 0 {
                parts[entry.index] += 1
                leftover -= 1
            }
        }
        return parts
    }
}
