// greengrid-bot: trading bots on the binary protocol (market maker, solar seller, household buyer),
// configured by flags for one bot or by a JSON file for many. See Tools/TraderBot/README.md.
import Foundation

let code = await BotMain.run(Array(CommandLine.arguments.dropFirst()))
exit(code)
