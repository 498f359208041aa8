import GreenGridCommandLine

extension TCPTarget {
    /// `--server HOST:PORT`, `--in-process`, or (neither) a fresh `greengrid-server` process.
    static func choose(_ parsed: Arguments) async throws -> TCPTarget {
        if let server = parsed.string("server") {
            guard !parsed.flag("in-process") else { throw Arguments.Failure(description: "--server and --in-process exclude each other") }
            let parts = server.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let port = UInt16(parts[1]), port > 0 else {
                throw Arguments.Failure(description: "--server is HOST:PORT, not '\(server)'")
            }
            return try TCPTarget.remote(host: String(parts[0]), port: port)
        }
        let wallets = parsed.flag("wallets")
        if parsed.flag("in-process") { return try await TCPTarget.spawn(withWallets: wallets) }
        return try TCPTarget.startProcess(withWallets: wallets)
    }
}

extension Arguments {
    /// A decimal option (rates and seconds are not money or energy, so Double is fine here).
    func number(_ name: String, default fallback: Double, range: ClosedRange<Double>) throws(Arguments.Failure) -> Double {
        guard let text = string(name) else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw Arguments.Failure(description: "--\(name) must be a number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}
