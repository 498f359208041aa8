import Foundation

/// greengrid-exchange: the exchange with its embedded demo (default), or `host`, the durable
/// engine host that the crash tests drive.
let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32 = arguments.first == "host" ? await HostMode.run(Array(arguments.dropFirst())) : await Demo.run(arguments)
exit(status)
