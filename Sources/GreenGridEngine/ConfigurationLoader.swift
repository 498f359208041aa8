import Foundation
import GreenGridDomain

/// Reads the market configuration (JSON) from a file, or the demo market shipped with the engine.
public enum ConfigurationLoader {
    /// Configuration files are small; anything larger is a mistake, not a market.
    public static let fileBytesMax = 4 << 20

    public static func load(path: String) throws -> MarketConfiguration {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigurationError.invalid("cannot read \(path): \(error.localizedDescription)")
        }
        return try decode(data, origin: path)
    }

    /// The demo market: four zones of a small coastal town and the links between them.
    public static func demo() throws -> MarketConfiguration {
        guard let url = Bundle.module.url(forResource: "demo-market", withExtension: "json") else {
            throw ConfigurationError.invalid("the demo-market.json resource is missing from the build")
        }
        return try decode(try Data(contentsOf: url), origin: "demo-market.json")
    }

    public static func decode(_ data: Data, origin: String) throws -> MarketConfiguration {
        guard data.count <= fileBytesMax else { throw ConfigurationError.invalid("\(origin) is larger than \(fileBytesMax) bytes") }
        do {
            return try JSONDecoder().decode(MarketConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError.invalid("\(origin): \(describe(error))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
