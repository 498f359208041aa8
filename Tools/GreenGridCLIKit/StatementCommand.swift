import Glibc
import GreenGridClient
import GreenGridProtocol

/// `statement`: a month's statement, checked by the client library (offsets, size, CRC-32C), to a
/// file or stdout.
enum StatementCommand {
    static func run(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        let arguments = context.invocation.arguments
        guard let monthText = arguments.string("month") else { throw UsageError("--month YYYY-MM is required") }
        let (year, month) = try parseMonth(monthText)
        let format = try arguments.string("format").map(Vocabulary.statementFormat) ?? .csv
        let out = arguments.string("out")
        if let out { try checkWritable(out) }
        try await ExchangeSession.with(context) { session in
            let document = try await session.client.statement(year: year, month: month, format: format)
            let label = "\(monthText) (\(Vocabulary.name(format)), \(document.count) bytes)"
            var json: [(String, JSONValue)] = [("command", .string("statement")), ("month", .string(monthText)),
                                               ("format", .string(Vocabulary.name(format))), ("bytes", .int(Int64(document.count)))]
            guard let out else {
                // The document is the output; with --json it travels inside the one JSON object.
                if context.json {
                    context.emit(human: "", json: json + [("document", .string(String(decoding: document, as: UTF8.self)))])
                } else {
                    context.console.writeOut(String(decoding: document, as: UTF8.self))
                }
                return
            }
            try write(document, to: out)
            json.append(("out", .string(out)))
            context.emit(human: "wrote the statement of \(label) to \(out)", json: json)
        }
    }

    /// "YYYY-MM", a UTC calendar month (the exchange decides which years it can bill).
    static func parseMonth(_ text: String) throws(UsageError) -> (year: UInt16, month: UInt8) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, isDigits(parts[0]), isDigits(parts[1]),
              let year = UInt16(parts[0]), let month = UInt8(parts[1]), ProtocolConstants.statementMonthRange.contains(month)
        else {
            throw UsageError("--month '\(text)' is not a month like 2025-06 (YYYY-MM, month 01 … 12)")
        }
        return (year, month)
    }

    /// Refuses, before anything is sent, a path whose directory cannot take the file.
    static func checkWritable(_ path: String) throws(UsageError) {
        guard !path.isEmpty else { throw UsageError("--out needs a file path") }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw UsageError("--out '\(path)' is a directory") }
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        guard access(directory, W_OK) == 0 else {
            throw UsageError("--out '\(path)': cannot write in \(directory): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes next to the target, then renames over it, so an existing file is replaced whole or not at all.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = "\(path).partial-\(getpid())"
        func failure(_ what: String) -> CommandFailure {
            let text = String(cString: strerror(errno))
            unlink(temporary)
            return .usage("cannot write the statement to \(path): \(what): \(text)")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open") }
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let error = failure("write")
                close(fd)
                throw error
            }
            rest = rest.dropFirst(written)
        }
        guard close(fd) == 0 else { throw failure("close") }
        guard rename(temporary, path) == 0 else { throw failure("rename") }
    }
}
