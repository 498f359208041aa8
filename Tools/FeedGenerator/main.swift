import Foundation
import GreenGridCommandLine
import GreenGridSimulation

/// greengrid-feedgen: writes a seeded replay command file for `greengrid-load replay`, with the
/// engine scenario's shape: new limit orders near a drifting touch, cancels of live orders,
/// and marketable orders that cross the spread.
let usage = """
greengrid-feedgen — write a replay command file (see `greengrid-load --help`).

usage: greengrid-feedgen [--commands N] [--seed N] [--traders N] [--output PATH]
  --commands N   commands to write (default 5000000)
  --seed N       generator seed (default 1)
  --traders N    distinct trader ids (default 1000)
  --output PATH  file to write (default: standard output)
"""

do {
    let parsed = try Arguments(Array(CommandLine.arguments.dropFirst()), options: ["commands", "seed", "traders", "output"], flags: ["help"])
    if parsed.flag("help") { print(usage); exit(0) }
    let commands = try parsed.integer("commands", default: 5_000_000, range: 1...200_000_000)
    let seed = UInt64(try parsed.integer("seed", default: 1, range: 0...Int.max))
    let traders = try parsed.integer("traders", default: 1000, range: 1...1_000_000)
    var rng = SplitMix64(seed: seed)
    var out = "# greengrid-feedgen --commands \(commands) --seed \(seed) --traders \(traders)\n"
    out.reserveCapacity(commands * 24)
    var live: [UInt64] = []
    var nextOrderId: UInt64 = 1
    var touch: Int64 = 10_000
    for _ in 0..<commands {
        let roll = rng.below(100)
        if roll < 25 && !live.isEmpty {
            let index = rng.below(live.count)
            live.swapAt(index, live.count - 1)
            out += "C,\(live.removeLast())\n"
            continue
        }
        if rng.chance(2) { touch += rng.chance(50) ? 1 : -1 }
        let buy = rng.chance(50)
        var distance = Int64(1)
        while distance < 40 && rng.chance(55) { distance += 1 }
        if roll >= 90 { distance = -Int64(1 + rng.below(6)) }  // marketable: through the spread
        let price = max(1, buy ? touch - distance : touch + distance)
        let quantity = Int64(1 + rng.below(200)) * 100
        let orderId = nextOrderId
        nextOrderId += 1
        out += "N,\(orderId),\(1 + rng.below(traders)),\(buy ? "B" : "S"),\(price),\(quantity)\n"
        live.append(orderId)
        if live.count > 50_000 { live.swapAt(rng.below(live.count), live.count - 1); live.removeLast() }
    }
    if let path = parsed.string("output") {
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    } else {
        FileHandle.standardOutput.write(out.data(using: .utf8)!)
    }
} catch {
    FileHandle.standardError.write("greengrid-feedgen: \(error)\n".data(using: .utf8)!)
    exit(2)
}
