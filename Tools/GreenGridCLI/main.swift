import Dispatch
import Foundation
import Glibc
import GreenGridCLIKit

// Ctrl-C cancels the command instead of killing the process, so `book --watch` logs out and
// exits 0 rather than leaving the exchange to notice a dropped connection.
signal(SIGINT, SIG_IGN)
let command = Task {
    await GreenGridCLI.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
}
let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .main)
interrupt.setEventHandler { command.cancel() }
interrupt.resume()
let code = await command.value
exit(code.rawValue)
