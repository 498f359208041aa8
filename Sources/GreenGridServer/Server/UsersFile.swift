import Foundation
import GreenGridDomain
import GreenGridJournal

/// The users created over the protocol (CreateUser, SetRole), kept in `users.json` in the journal
/// directory. Written atomically like a snapshot: temp file, sync, rename, sync the directory, so
/// the file is always either the old or the new version. Demo users are not in it.
struct UsersFile {
    static let name = "users.json"
    static let bytesMax = 64 << 20

    let storage: any Storage
    let directory: String

    var path: String { joinPath(directory, Self.name) }

    private struct Record: Codable {
        var username: String
        var traderId: UInt32
        var role: UInt8
        var zone: Int
        var feeder: Int
        var iterations: Int
        var salt: [UInt8]
        var derivedKey: [UInt8]
    }

    private struct Contents: Codable {
        var version = 1
        var users: [Record]
    }

    enum Problem: Error { case unreadable(String) }

    /// The stored users (none when there is no file yet).
    func load() throws -> [Credential] {
        guard storage.exists(path) else { return [] }
        let bytes = try storage.readAll(path, bytesMax: Self.bytesMax)
        let contents = try JSONDecoder().decode(Contents.self, from: Data(bytes))
        guard contents.version == 1 else { throw Problem.unreadable("users file version \(contents.version)") }
        return try contents.users.map { record in
            guard let role = Role(rawValue: record.role) else { throw Problem.unreadable("role \(record.role) of \(record.username)") }
            return Credential(username: record.username,
                              participant: Participant(traderId: record.traderId, role: role, zone: record.zone, feeder: record.feeder),
                              salt: record.salt, iterations: record.iterations, derivedKey: record.derivedKey)
        }
    }

    /// Replaces the file with `credentials`, atomically and durably.
    func save(_ credentials: [Credential]) throws {
        let records = credentials.map { c in
            Record(username: c.username, traderId: c.participant.traderId, role: c.participant.role.rawValue, zone: c.participant.zone,
                   feeder: c.participant.feeder, iterations: c.iterations, salt: c.salt, derivedKey: c.derivedKey)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = [UInt8](try encoder.encode(Contents(users: records)))
        let temporary = path + ".tmp"
        let file = try storage.open(temporary, create: true)
        do {
            try storage.truncate(file, to: 0)
            try storage.write(file, bytes: bytes, at: 0)
            try storage.sync(file)
        } catch {
            storage.close(file)
            throw error
        }
        storage.close(file)
        try storage.rename(temporary, to: path)
        try storage.syncDirectory(directory)
    }
}
