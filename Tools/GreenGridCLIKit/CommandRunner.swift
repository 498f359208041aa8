/// Sends each command to the code that runs it.
enum CommandRunner {
    static func run(_ context: CommandContext) async throws {
        switch context.invocation.spec.words {
        case ["user", "create"]: try await UserCommands.create(context)
        case ["user", "set-role"]: try await UserCommands.setRole(context)
        case ["zones"]: try await ZoneCommands.list(context)
        case ["zone", "halt"]: try await ZoneCommands.halt(context)
        case ["zone", "resume"]: try await ZoneCommands.resume(context)
        case ["order", "place"]: try await OrderCommands.place(context)
        case ["order", "cancel"]: try await OrderCommands.cancel(context)
        case ["order", "list"]: try await OrderCommands.list(context)
        case ["order", "mass-cancel"]: try await OrderCommands.massCancel(context)
        case ["book"]: try await BookCommand.run(context)
        case ["wallet", "balance"]: try await WalletCommands.balance(context)
        case ["wallet", "deposit"]: try await WalletCommands.move(context, .deposit)
        case ["wallet", "withdraw"]: try await WalletCommands.move(context, .withdrawal)
        case ["wallet", "history"]: try await WalletCommands.history(context)
        case ["statement"]: try await StatementCommand.run(context)
        case ["forecast", "backtest"]: try ForecastCommand.backtest(context)
        case ["forecast", "predict"]: try ForecastPredictCommand.run(context)
        case ["forecast", "zone"]: try await ForecastZoneCommand.run(context)
        case ["meter", "register"]: try await MeterCommand.register(context)
        case ["meter", "send"]: try await MeterCommand.send(context)
        case ["meter", "send-csv"]: try await MeterCommand.sendCSV(context)
        case ["energy", "watch"]: try await EnergyWatchCommand.run(context)
        case ["price"]: try await PriceCommand.run(context)
        case ["alert", "set"]: try await AlertCommand.set(context)
        case ["alert", "list"]: try await AlertCommand.list(context)
        case ["alert", "delete"]: try await AlertCommand.delete(context)
        case ["alert", "inbox"]: try await AlertCommand.inbox(context)
        case ["alert", "watch"]: try await AlertCommand.watch(context)
        case ["auction", "start"]: try await AuctionCommand.start(context)
        case ["auction", "stop"]: try await AuctionCommand.stop(context)
        case ["auction", "watch"]: try await AuctionCommand.watch(context)
        default: throw UsageError("unknown command '\(context.invocation.spec.name)'")
        }
    }
}
