import Dispatch
import Foundation
import GreenGridClient
import GreenGridCommandLine
import GreenGridRecording
import Synchronization

/// greengrid-recorder: record every zone's market data to a file, print it, rebuild the books.
let usage = """
greengrid-recorder — record GreenGrid market data and replay it (format: Protocol/recording.md).

usage:
  greengrid-recorder record --host H --port P --user U [--password PW] --output FILE [--seconds N]
        subscribes to every zone and records until N seconds pass, SIGINT or SIGTERM
        (the password may come from the environment variable GREENGRID_PASSWORD instead)
  greengrid-recorder print FILE [--zone Z] [--from-sequence N]
        one line per record: receive time, zone, sequence, message with units
  greengrid-recorder rebuild FILE [--compare --host H --port P --user U [--password PW]]
        every zone's book rebuilt from the recording; --compare checks it against a live snapshot

exit codes: 0 fine, 1 the books differ or the recording/recorder failed, 2 bad usage
"""

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write("greengrid-recorder: \(message)\n".data(using: .utf8)!)
    exit(code)
}

/// Set by SIGINT/SIGTERM; the recorder polls it so the file is finished rather than cut.
final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

func clientConfiguration(_ parsed: Arguments) throws -> ClientConfiguration {
    guard let user = parsed.string("user") else { fail("--user is required", code: 2) }
    guard let password = parsed.string("password") ?? ProcessInfo.processInfo.environment["GREENGRID_PASSWORD"] else {
        fail("--password or GREENGRID_PASSWORD is required", code: 2)
    }
    let port = try parsed.integer("port", default: 7600, range: 1...65_535)
    // The recorder reads only market data: no session events to drain, no mirror to keep.
    return ClientConfiguration(host: parsed.string("host") ?? "127.0.0.1", port: UInt16(port), username: user, password: password,
                               deliversSessionEvents: false, keepsBookMirror: false,
                               reconnect: ReconnectPolicy(attempts: 20, backoffMs: 100, backoffMaxMs: 5_000))
}

func record(_ parsed: Arguments) async throws -> Int32 {
    guard let output = parsed.string("output") else { fail("record needs --output FILE", code: 2) }
    let seconds = try parsed.integer("seconds", default: 0, range: 0...31_536_000)
    let configuration = try clientConfiguration(parsed)
    let stop = StopFlag()
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { stop.raise() }
        source.resume()
        sources.append(source)
    }
    defer { sources.forEach { $0.cancel() } }
    let client = try await GreenGridClient.connect(configuration)
    let writer: RecordingWriter
    do { writer = try RecordingWriter(path: output) } catch {
        client.close()
        throw error
    }
    let recorder = MarketDataRecorder(client: client, writer: writer)
    let reason = try await recorder.run(durationMs: seconds > 0 ? Int64(seconds) * 1_000 : nil) { stop.isRaised }
    print("recorded \(writer.recordCount) records (\(writer.bytesWritten) bytes) to \(output): \(recorder.progress); stopped by \(reason)")
    return 0
}

func printRecording(_ parsed: Arguments, path: String) throws -> Int32 {
    let contents = try RecordingFile.read(path: path)
    if case .invalidHeader(let why) = contents.ending { fail("\(path): \(why)", code: 1) }
    let zone = try parsed.string("zone").map { _ in UInt16(try parsed.integer("zone", default: 0, range: 0...65_534)) }
    let from = try parsed.string("from-sequence").map { _ in UInt64(try parsed.integer("from-sequence", default: 0, range: 0...Int.max)) }
    for line in RecordingCommands.printLines(contents, zone: zone, fromSequence: from) { print(line) }
    return 0
}

func rebuild(_ parsed: Arguments, path: String) async throws -> Int32 {
    let contents = try RecordingFile.read(path: path)
    if case .invalidHeader(let why) = contents.ending { fail("\(path): \(why)", code: 1) }
    let rebuilder = BookRebuilder(records: contents.records)
    for line in RecordingCommands.rebuildLines(rebuilder, contents: contents) { print(line) }
    guard parsed.flag("compare") else { return 0 }
    var configuration = try clientConfiguration(parsed)
    configuration.keepsBookMirror = false
    let client = try await GreenGridClient.connect(configuration)
    let live: [UInt16: LiveBook]
    do { live = try await LiveBooks.fetch(client: client) } catch {
        client.close()
        throw error
    }
    await client.logout(timeoutMs: 2_000)
    let (lines, code) = RecordingCommands.compareLines(rebuilder, live: live)
    for line in lines { print(line) }
    return code
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let verb = arguments.first, verb != "--help", verb != "-h" else {
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
}

let code: Int32
do {
    let parsed = try Arguments(Array(arguments.dropFirst()), options: ["host", "port", "user", "password", "output", "seconds", "zone", "from-sequence"],
                               flags: ["compare"])
    switch verb {
    case "record":
        code = try await record(parsed)
    case "print":
        guard let path = parsed.positional.first else { fail("print needs a recording FILE\n\n\(usage)", code: 2) }
        code = try printRecording(parsed, path: path)
    case "rebuild":
        guard let path = parsed.positional.first else { fail("rebuild needs a recording FILE\n\n\(usage)", code: 2) }
        code = try await rebuild(parsed, path: path)
    default:
        fail("unknown command '\(verb)'\n\n\(usage)", code: 2)
    }
} catch let failure as Arguments.Failure {
    fail("\(failure)\n\n\(usage)", code: 2)
} catch {
    fail("\(error)", code: 1)
}
exit(code)
