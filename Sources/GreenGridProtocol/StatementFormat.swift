/// The document a StatementRequest asks for and StatementEnd confirms (UTF-8 either way).
public enum StatementFormat: UInt8, Sendable, Hashable, CaseIterable {
    /// One CSV table (RFC 4180), for spreadsheets and accountants.
    case csv = 1
    /// A self-contained HTML page, for people.
    case html = 2
}
