/// Which way a deposit or withdrawal moved money, in FundsMoved.
public enum FundsMovement: UInt8, Sendable, Hashable, CaseIterable {
    /// A simulated payment into the available balance.
    case deposit = 1
    /// A simulated payment out of the available balance.
    case withdrawal = 2
}
