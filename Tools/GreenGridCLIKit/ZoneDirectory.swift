import GreenGridProtocol

/// Zones as the exchange lists them, to turn "harbour" or "0" into an index and an index back
/// into a name for display.
struct ZoneDirectory: Sendable {
    var zones: [Message.ZoneInfo]

    func resolve(_ text: String) throws(UsageError) -> Message.ZoneInfo {
        if let index = UInt16(text) {
            guard let zone = zones.first(where: { $0.zone == index }) else {
                throw UsageError("no zone with index \(index) (zones: \(known))")
            }
            return zone
        }
        guard let zone = zones.first(where: { $0.name == text }) ?? zones.first(where: { $0.name.lowercased() == text.lowercased() }) else {
            throw UsageError("no zone named '\(text)' (zones: \(known))")
        }
        return zone
    }

    func name(_ index: UInt16) -> String {
        zones.first { $0.zone == index }?.name ?? "zone \(index)"
    }

    private var known: String { zones.map { "\($0.zone) \($0.name)" }.joined(separator: ", ") }
}
