/// A mistake on the command line, found before anything is sent.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
