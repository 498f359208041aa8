import Foundation
import GreenGridCommandLine
import GreenGridDomain
import GreenGridJournal

/// greengrid-journal: verify, dump and summarise a GreenGrid journal directory.
let usage = """
greengrid-journal — inspect a GreenGrid journal (the write-ahead log and its snapshots).

usage:
  greengrid-journal verify DIR             checksums, sequences and the hash chain; the first broken link
  greengrid-journal dump DIR [--type N] [--from SEQ] [--to SEQ]
                                           records as text, filtered by type code and sequence range
  greengrid-journal stats DIR              segments, records, sizes, sequences, snapshot points

exit codes: 0 fine, 1 the journal is damaged, 2 bad usage or unreadable directory
"""

let arguments = Array(CommandLine.arguments.dropFirst())
guard let verb = arguments.first, verb != "--help", verb != "-h" else {
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
}

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write("greengrid-journal: \(message)\n".data(using: .utf8)!)
    exit(code)
}

let storage = PosixStorage()

do {
    let parsed = try Arguments(Array(arguments.dropFirst()), options: ["type", "from", "to"], flags: [])
    guard let directory = parsed.positional.first else { fail("\(verb) needs a journal directory\n\n\(usage)", code: 2) }
    guard storage.exists(directory) else { fail("no such directory: \(directory)", code: 2) }
    switch verb {
    case "verify":
        do {
            let scan = try JournalScanner.scan(storage: storage, directory: directory) { _ in }
            if let torn = scan.tornTail {
                print("torn tail in \(torn.segment) at offset \(torn.offset): \(torn.bytes) bytes of an unfinished batch (recovery cuts it)")
            }
            var snapshots = 0
            for name in try SnapshotStore.names(storage: storage, directory: directory) {
                let bytes = try storage.readAll(joinPath(directory, name), bytesMax: 4 << 30)
                switch SnapshotStore.decode(bytes) {
                case .success: snapshots += 1
                case .failure(let invalid): print("snapshot \(name): \(invalid)"); exit(1)
                }
            }
            print("ok: \(scan.segments.count) segments, \(scan.batches) batches, \(scan.records) records, sequences \(scan.firstSequence)...\(scan.position.lastSequence), chain head \(hex(scan.position.link.prefix(8)))…, \(snapshots) snapshots valid")
        } catch let error as JournalError {
            print("BROKEN: \(error)")
            exit(1)
        }
    case "dump":
        let type = try parsed.integer("type", default: -1, range: -1...255)
        let from = UInt64(try parsed.integer("from", default: 0, range: 0...Int.max))
        let to = UInt64(try parsed.integer("to", default: Int.max, range: 0...Int.max))
        _ = try JournalScanner.scan(storage: storage, directory: directory) { record in
            guard record.sequence >= from && record.sequence <= to, type < 0 || Int(record.type) == type else { return }
            var reader = ByteReader(record.body)
            let text: String
            if let command = try? SequencedCommand.decode(from: &reader) {
                text = "\(CommandText.describe(command.command)) at \(command.timestampMs) ms"
            } else {
                text = "undecodable body of \(record.body.count) bytes"
            }
            print("\(record.sequence)\t\(record.segment)+\(record.offset)\ttype \(record.type)\t\(text)")
        }
    case "stats":
        let scan = try JournalScanner.scan(storage: storage, directory: directory) { _ in }
        print("segments \(scan.segments.count), batches \(scan.batches), records \(scan.records), sequences \(scan.firstSequence)...\(scan.position.lastSequence)")
        for segment in scan.segments {
            print("  \(segment.name): sequences \(segment.firstSequence)...\(segment.lastSequence), \(segment.records) records in \(segment.batches) batches, \(segment.bytesUsed) of \(segment.capacity) bytes used")
        }
        if let torn = scan.tornTail { print("  torn tail: \(torn.bytes) bytes at \(torn.segment)+\(torn.offset)") }
        let snapshots = try SnapshotStore.names(storage: storage, directory: directory)
        print("snapshots \(snapshots.count)")
        for name in snapshots {
            let bytes = try storage.readAll(joinPath(directory, name), bytesMax: 4 << 30)
            print("  \(name): \(bytes.count) bytes, " + {
                switch SnapshotStore.decode(bytes) {
                case .success(let decoded): return "at sequence \(decoded.header.lastSequence), valid"
                case .failure(let invalid): return "\(invalid)"
                }
            }())
        }
    default:
        fail("unknown command '\(verb)'\n\n\(usage)", code: 2)
    }
} catch let error as JournalError {
    print("BROKEN: \(error)")
    exit(1)
} catch {
    fail("\(error)", code: 2)
}

func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}
