// greengrid-server: the exchange on TCP, speaking the binary protocol (Protocol/protocol.md),
// backed by the durable engine (journal in --journal-dir). Logs are JSON lines on stderr.
ServerMain().run(Array(CommandLine.arguments.dropFirst()))
