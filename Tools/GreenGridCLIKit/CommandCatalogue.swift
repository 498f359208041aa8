/// Every command of `greengrid`, in the order the help lists them.
enum CommandCatalogue {
    static let all: [CommandSpec] = [
        CommandSpec(
            words: ["user", "create"], operands: "NAME --role ROLE [--zone Z --feeder F] --new-password P [--iterations N]",
            summary: "register a user (admin)",
            details: """
                Registers NAME with ROLE (prosumer, consumer, gridOperator, admin). Prosumers and
                consumers need --zone (name or index) and --feeder (the feeder's index in the zone);
                grid operators and admins take neither. The new password is turned into a PBKDF2 key
                here (--iterations, default 100000, at least the server's minimum) and never sent.
                Prints the new trader id.
                """,
            options: ["role", "zone", "feeder", "new-password", "iterations"]),
        CommandSpec(
            words: ["user", "set-role"], operands: "TRADER_ID ROLE", summary: "change a user's role (admin)",
            details: """
                Moves a trader between prosumer and consumer, or a grid operator or admin between
                those two; the exchange refuses other changes (roleChangeInvalid 208).
                """),
        CommandSpec(
            words: ["zones"], operands: "", summary: "list zones with their status",
            details: "Lists every zone: index, name, status (open or halted), feeders, last market-data sequence."),
        CommandSpec(
            words: ["zone", "halt"], operands: "ZONE [--cancel-resting]", summary: "halt trading in a zone (grid operator, admin)",
            details: "Stops trading in ZONE (name or index); --cancel-resting also cancels every resting order.",
            flags: ["cancel-resting"]),
        CommandSpec(
            words: ["zone", "resume"], operands: "ZONE", summary: "reopen a halted zone (grid operator, admin)",
            details: "Reopens ZONE (name or index); refused with zoneNotHalted (301) if it is open."),
        CommandSpec(
            words: ["order", "place"],
            operands: "buy|sell QUANTITY PRICE --zone Z --interval I [--tif gtc|ioc|fok] [--source SOURCE]",
            summary: "enter an order (prosumer, consumer)",
            details: """
                QUANTITY is energy: 1500, 1500Wh or 1.5kWh (whole Wh, so at most 3 decimals in kWh).
                PRICE is currency per kWh as a decimal with at most 6 decimals (0.25 = 250000 micros);
                instead of PRICE, --price-micros N gives the integer micros per kWh.
                --zone: name or index (default: your own zone).
                --interval: the delivery interval's UTC start (2025-06-01T12:15:00Z), `next` (the
                first interval not yet started) or +N (N intervals after the one running now; +1 = next).
                --tif: gtc (good till gate closure, default), ioc (immediate or cancel), fok (fill or kill).
                --source: solar, wind, battery, hydro, other (default other).
                Prints the order id the exchange assigned.
                """,
            options: ["zone", "interval", "tif", "source", "price-micros"]),
        CommandSpec(
            words: ["order", "cancel"], operands: "ORDER_ID [--zone Z]", summary: "cancel one of your orders",
            details: "Cancels a resting order. --zone: name or index (default: your own zone).", options: ["zone"]),
        CommandSpec(
            words: ["order", "list"], operands: "[--zone Z]", summary: "list your resting orders",
            details: "Lists your resting orders in one zone (name or index) or, without --zone, in all zones.", options: ["zone"]),
        CommandSpec(
            words: ["order", "mass-cancel"], operands: "[--zone Z] [--interval I]", summary: "cancel all your resting orders",
            details: "Cancels your resting orders in one zone or all, one interval or all; prints how many.",
            options: ["zone", "interval"]),
        CommandSpec(
            words: ["auction", "start"],
            operands: "ZONE QUANTITY --interval I --start PRICE --floor PRICE --step PRICE --every DURATION [--unsold book|expire] [--source SOURCE] [--for-zone]",
            summary: "sell energy in a Dutch (descending-price) auction (prosumer; --for-zone: grid operator, admin)",
            details: """
                Offers QUANTITY (1500, 1500Wh or 1.5kWh) for delivery in --interval (as for order place)
                at --start PRICE per kWh, lowering it by --step every --every (30s, 2m, 1h; 1 s to 1 h)
                down to --floor. Resting buys at or above the current price fill at it. What is unsold
                after a full step at the floor is returned to the book as a sell order at the floor
                (--unsold book, default) or dropped (--unsold expire). --source: solar (default), wind,
                battery, hydro, other. --for-zone starts a zone auction booked to the zone's community
                account. Prints the auction id. Refusals as for orders, plus auctionScheduleInvalid 111
                and tooManyAuctions 701. With --json {"command","auctionId","clientOrderId","zone",
                "name","intervalStartMs","quantityWh","startPriceMicrosPerKWh","floorPriceMicrosPerKWh",
                "stepMicrosPerKWh","stepIntervalMs","nextStepMs","unsoldAtFloor","source","byZone"}.
                """,
            options: ["interval", "start", "floor", "step", "every", "unsold", "source"], flags: ["for-zone"]),
        CommandSpec(
            words: ["auction", "stop"], operands: "ZONE AUCTION_ID", summary: "stop one of your running auctions",
            details: """
                Withdraws auction AUCTION_ID in ZONE (name or index); what is unsold expires. Grid
                operators and admins may stop any auction. Prints what was sold. Refusals: unknownOrder
                600 (no such running auction), notOrderOwner 204.
                """),
        CommandSpec(
            words: ["auction", "watch"], operands: "ZONE [--seconds N]", summary: "print a zone's auctions as they run",
            details: """
                Prints the auctions running in ZONE (name or index) first, then every start, price step,
                fill and end, one line each, until Ctrl-C or, with --seconds N, for N seconds. With --json
                each is one JSON object: {"command","event" (running, update or result),"zone","name",
                "zoneSequence","auctionId","intervalStartMs","phase",...}.
                """,
            options: ["seconds"]),
        CommandSpec(
            words: ["book"], operands: "ZONE [--interval I] [--depth N] [--watch [--seconds N]]",
            summary: "show a zone's order book and last trades",
            details: """
                Shows bids and asks per price level (best first, --depth levels per side, default 10)
                for each interval of ZONE (name or index), or only --interval I, and the trades seen.
                Without --watch it prints the book once, from a snapshot. With --watch it redraws
                live (at most 4 times a second) until Ctrl-C or, with --seconds N, for N seconds.
                Last trades are those printed while this command runs: the client library offers
                no replay of earlier history, so the list starts empty.
                With --json each drawing is one JSON object on its own line.
                """,
            options: ["interval", "depth", "seconds"], flags: ["watch"]),
        CommandSpec(
            words: ["price"], operands: "ZONE [--interval I] [--watch [--seconds N]]",
            summary: "show a zone's time-of-use tier, price band, grid tariff and reference price",
            details: """
                Asks the exchange for one interval of ZONE (name or index): --interval as for order
                place (a UTC start, `next` or +N; default next). Prints the time-of-use tier (none
                for a zone without tiers), the effective price band (floor-cap, per kWh), the grid
                tariff, and the reference price with its strategy and basis (and the book-based
                fallback taken, if any), e.g. `zone harbour 2026-11-25T17:00Z tier peak band
                0.0100-1.5000 tariff 0.4200 reference 0.1200 (bookBased: midpoint)`. An interval
                without orders or trades yet, or not open, has no reference price. With --watch it
                subscribes to ZONE (or `all`) and prints the figures of each interval with orders or
                trades as the exchange pushes them (at once, then on every change, at most once a
                second), only --interval's if given, until Ctrl-C
                or, with --seconds N, for N seconds. With --json one JSON object (a line each with
                --watch): {"command","zone","name","intervalStartMs","tier","floorMicrosPerKWh",
                "capMicrosPerKWh","gridTariffMicrosPerKWh","reference":{"priceMicrosPerKWh",
                "strategy","basis","fallback","tradeCount","quantityWh","supplyWh","demandWh"},"asOfMs"}.
                """,
            options: ["interval", "seconds"], flags: ["watch"]),
        CommandSpec(
            words: ["wallet", "balance"], operands: "", summary: "show your wallet's balances (prosumer, consumer)",
            details: """
                Shows the money available (to spend or withdraw), reserved for your resting buy
                orders, and in escrow for your trades awaiting settlement, in currency units with 6
                decimals, and the journal sequence the figures include. Grid operators and admins
                have no wallet (refused noWallet 4).
                """),
        CommandSpec(
            words: ["wallet", "deposit"], operands: "AMOUNT [--request-id N]", summary: "pay money into your wallet (simulated)",
            details: """
                AMOUNT is in currency units as a decimal with at most 6 decimals (12.5 = 12500000
                micros), more than 0. Once the deposit is durable, prints its request id, the
                available balance after it and its journal sequence.
                --request-id N: the movement's id (default: a fresh one). The exchange moves money
                once per id: if a deposit timed out (exit 4), run it again with the same request id
                (the failure names it) to learn the outcome without paying twice. The same id with
                another amount is refused conflict (3).
                """,
            options: ["request-id"]),
        CommandSpec(
            words: ["wallet", "withdraw"], operands: "AMOUNT [--request-id N]", summary: "take money out of your wallet (simulated)",
            details: """
                AMOUNT as for `wallet deposit`; at most the available balance (insufficientFunds 1).
                --request-id N: as for `wallet deposit` (deposits and withdrawals share the ids).
                """,
            options: ["request-id"]),
        CommandSpec(
            words: ["wallet", "history"], operands: "[--from TIME] [--to TIME] [--max N]", summary: "list your wallet's entries",
            details: """
                Lists the wallet's journal entries oldest first: time, kind (deposit, withdrawal,
                reserve, release, escrow, settlementPaid, settlementReceived, refund), reference (the
                request, order or trade id), energy in kWh, and the change of each balance.
                --from, --to: UTC ISO-8601 (2025-06-01T00:00:00Z) or Unix milliseconds; --to is
                exclusive. Default: the last 30 days up to now.
                --max N: at most N entries (1 ... 1000, default 100); when more remain it says so.
                """,
            options: ["from", "to", "max"]),
        CommandSpec(
            words: ["statement"], operands: "--month YYYY-MM [--format csv|html] [--out PATH]",
            summary: "download your monthly statement (prosumer, consumer)",
            details: """
                Fetches your statement of one UTC calendar month (opening balance, deposits,
                withdrawals, trades, settlements, fees, closing balance) as CSV (default) or a
                self-contained HTML page, checks its size and CRC-32C, and writes it to PATH
                (replacing the file) or, without --out, to stdout.
                """,
            options: ["month", "format", "out"]),
        CommandSpec(
            words: ["forecast", "backtest"],
            operands: "HISTORY.csv --lat LAT --lon LON --capacity-w W [--method NAME]",
            summary: "backtest a production forecast method on a history (offline)",
            details: """
                Works offline: no exchange, no --user. Reads HISTORY.csv (at most 50 MB): a header,
                then rows oldest first with timestamp (ISO 8601 UTC or Unix seconds, the start of the
                step) and power_w (average power over the step), optionally ghi_wm2,
                clearsky_ghi_wm2, temp_c, cloud_cover_pct; a 15- or 30-minute step, gaps allowed.
                --lat, --lon: the site in degrees (north, east positive). --capacity-w: the PV
                capacity in W; its clear-sky power is capacity × 0.85 × clear-sky GHI / 1000 W/m².
                --method: smart-persistence (default; the clear-sky index held), exponential-smoothing
                (the clear-sky index smoothed, alpha 0.3) or persistence (the last value held).
                Issues a forecast at every row and reports, at horizons of 15 min, 1 h, 4 h and
                24 h, the MAE and RMSE in W over every target present (night included), the skill
                score 1 − RMSE / RMSE of plain persistence (null when that is 0) and the count.
                A 30-minute history has no 15-minute horizon (null in --json).
                --method weather, or --perfect-weather with another method: the history's own
                cloud_cover_pct / ghi_wm2 / temp_c columns serve as a perfect weather forecast
                (blended as in forecast predict), to measure what weather can add.
                """,
            options: ["lat", "lon", "capacity-w", "method"], flags: ["perfect-weather"]),
        CommandSpec(
            words: ["forecast", "predict"],
            operands: "HISTORY.csv --lat LAT --lon LON --capacity-w W [--weather WEATHER.csv] [--method NAME] [--from TIME] [--hours H]",
            summary: "forecast a meter's production per 15-minute interval for 24-48 h (offline)",
            details: """
                Works offline. HISTORY.csv as for forecast backtest. WEATHER.csv (at most 4 MB,
                20001 lines): a header, then rows oldest first with timestamp and cloud_cover_pct
                (0-100), optionally temp_c and ghi_wm2, on a 15-, 30- or 60-minute step.
                --method: smart-persistence (default), exponential-smoothing, persistence, or weather
                (the weather alone; needs --weather). With --weather the clear-sky index from cloud
                cover (Kasten-Czeplak: 1 - 0.75 (C/100)^3.4) is blended in, its weight rising from 0
                at the history's end to 1 at 6 h, with -0.4 %/degC above 25 degC cell temperature.
                --from: ISO 8601 UTC or Unix seconds on a 15-minute boundary (default: the first
                boundary after the history's last step). --hours: 24 (default) to 48.
                Prints each interval's start and expected energy in whole Wh (0 at night), or with
                --json {"method", "intervals": [{"startMs", "wh"}], "totalWh"}.
                """,
            options: ["lat", "lon", "capacity-w", "method", "weather", "from", "hours"]),
        CommandSpec(
            words: ["forecast", "zone"],
            operands: "ZONE [--meter METER_ID] [--method smart-persistence|exponential-smoothing] [--hours H]",
            summary: "ask the exchange for a zone's (or meter's) production forecast",
            details: """
                Asks the exchange (over the protocol, unlike forecast backtest/predict) for the expected
                production of ZONE (name or index), or with --meter of one meter of it (its owner, grid
                operators and admins only: else refused notYourMeter 10), per 15-minute interval from the
                next interval boundary. --method: smart-persistence (default) or exponential-smoothing,
                both on the clear-sky index. --hours: 1 to 48 (default 24).
                Prints each interval's start and Wh and the total, or with --json
                {"command":"forecast zone","zone","name","meterId","method","firstIntervalStartMs",
                "intervals":[{"startMs","wh"}],"totalWh"}.
                """,
            options: ["meter", "method", "hours"]),
        CommandSpec(
            words: ["meter", "register"],
            operands: "METER_ID --owner TRADER_ID --gateway TRADER_ID --zone ZONE --kind KIND --rated-power-w W [--feeder N]",
            summary: "register a smart meter (grid operator, admin)",
            details: """
                Registers meter METER_ID (a whole number from 1) for its owner (a prosumer's or consumer's
                trader id) in ZONE (name or index) on feeder N (default 0), read through the gateway user
                TRADER_ID (role gateway: only it may send the meter's readings). --kind: solar, wind,
                battery, householdLoad, businessLoad or bidirectional. --rated-power-w: the largest power
                the connection can pass, 1 W to 100 MW (readings that advance faster are refused as spikes).
                Prints the registration and its metering journal sequence once durable. Refusals:
                duplicateMeterId 2, ratedPowerInvalid 3, unknownZone 5, unknownOwner 6, unknownGateway 7.
                """,
            options: ["owner", "gateway", "zone", "kind", "rated-power-w", "feeder"]),
        CommandSpec(
            words: ["meter", "send"],
            operands: "METER_ID --import-wh N --export-wh N [--at TIME|now] [--power-w W]",
            summary: "send one meter reading (gateway)",
            details: """
                Sends one reading of METER_ID: the cumulative registers --import-wh (OBIS 1.8.0, drawn
                from the grid) and --export-wh (OBIS 2.8.0, fed in), whole Wh, and optionally the
                instantaneous power --power-w (W, negative while exporting). --at: when the meter took it,
                UTC ISO-8601 (2026-11-25T12:45:00Z), Unix milliseconds or now (default).
                Prints the outcome: a line for a flagged or rejected reading (with the reason by name and
                code), then `sent 1: accepted A, duplicates D, flagged F, rejected R`. A rejected reading
                is an outcome, not a failure: the exit code stays 0. Only gateways may send readings
                (others are refused notPermitted 24).
                """,
            options: ["import-wh", "export-wh", "at", "power-w"]),
        CommandSpec(
            words: ["meter", "send-csv"], operands: "FILE", summary: "send meter readings from a CSV file (gateway)",
            details: """
                Reads FILE: a header meter_id,timestamp,import_wh,export_wh[,power_w], then one reading a
                line (timestamp UTC ISO-8601 or Unix milliseconds; an empty power_w is "not measured"), at
                most 100000 readings and 256 bytes a line. A bad line is a usage error naming the line, and
                nothing is sent. The readings go in batches of 128, in the file's order, each once durable.
                Prints one line per flagged or rejected reading (its file line, meter, time and reason),
                then `sent N: accepted A, duplicates D, flagged F, rejected R`. Sending a file again is
                safe: readings already stored come back as duplicates. With --json: the counts and the
                flagged and rejected outcomes (index, line, meterId, timestampMs, outcome, reasons, code).
                """),
        CommandSpec(
            words: ["energy", "watch"], operands: "[ZONE|all] [--seconds N]",
            summary: "watch the metered energy of a zone or all zones live",
            details: """
                Subscribes to the live energy view of ZONE (name or index) or, with `all` (the default),
                of every zone, and prints each update as it arrives (at most once a second per zone and
                interval): the 15-minute interval, the energy the zone's meters drew (import) and fed in
                (export) so far in it, the net surplus (export - import) and the number of meters with
                data, e.g. `zone harbour 2026-11-25T12:45Z import 1.234 kWh export 2.345 kWh net +1.111
                kWh meters 12`. Runs until Ctrl-C or, with --seconds N, for N seconds; it reconnects if
                the connection drops. With --json each update is one JSON object on its own line.
                """,
            options: ["seconds"]),
        CommandSpec(
            words: ["alert", "set"],
            operands: "ZONE reference|bid|ask above|below PRICE [--interval next|+N|TIME|front] [--rearm PRICE]",
            summary: "set a price alert (every role but gateway)",
            details: """
                Asks the exchange to tell you when a price of ZONE (name or index) crosses PRICE: the
                reference price, the best bid or the best ask; above fires at price >= PRICE, below at
                price <= PRICE. PRICE is currency per kWh as a decimal (0.15 = 150000 micros), 0 to
                1000. --interval: one delivery interval (a UTC start like 2026-11-25T17:00:00Z, `next`
                or +N, as for order place; the alert ends when the interval starts) or `front`
                (default): the earliest priced interval with that price, moving on as intervals close.
                After firing, the alert re-arms only once the price is back past the threshold by
                --rearm PRICE (default 0: at least 0.000001), so a price hovering at the threshold
                notifies once. At most 20 alerts per user. Prints the alert id once durable. Refusals:
                unknownZone 10, intervalNotAligned 11, intervalStarted 12, thresholdOutOfRange 13,
                rearmOutOfRange 14, tooManyAlerts 20, alertBookFull 21.
                With --json {"command","alertId","zone","name","intervalStartMs" (0: front),"interval",
                "metric","direction","thresholdMicrosPerKWh","rearmMicrosPerKWh"}.
                """,
            options: ["interval", "rearm"]),
        CommandSpec(
            words: ["alert", "list"], operands: "", summary: "list your price alerts",
            details: """
                Lists your alerts by id: zone, interval (or front), metric, direction, threshold, re-arm
                band, and whether it is armed or triggered (with the price and time it fired at, until
                it re-arms). With --json {"command","alerts":[{"alertId","zone","name",
                "intervalStartMs","interval","metric","direction","thresholdMicrosPerKWh",
                "rearmMicrosPerKWh","createdAtMs","triggered","triggeredPriceMicrosPerKWh",
                "triggeredAtMs"}]} (the triggered price and time null while armed).
                """),
        CommandSpec(
            words: ["alert", "delete"], operands: "ID", summary: "delete one of your price alerts",
            details: """
                Deletes alert ID; its notifications stay in your inbox. Refusals: unknownAlert 30 (no
                such alert, or it expired), notOwner 31 (another user's).
                """),
        CommandSpec(
            words: ["alert", "inbox"], operands: "[--after SEQ] [--max N]", summary: "show your alert notifications",
            details: """
                Shows your notifications with a sequence above --after (default 0: the oldest kept),
                oldest first, at most --max (1 ... 100, default 100): sequence, alert, zone, interval,
                metric, the price that crossed, direction and threshold, and when. The exchange keeps
                your newest 100; notifications are numbered 1, 2, ... per user, so remember the last
                sequence you saw and ask for what came after it. Says so when more remain or when some
                were dropped. With --json {"command","afterSequence","notifications":[{"sequence",
                "alertId","zone","name","intervalStartMs","interval","metric","direction",
                "thresholdMicrosPerKWh","priceMicrosPerKWh","triggeredAtMs","triggeredAt"}],
                "lastSequence"}.
                """,
            options: ["after", "max"]),
        CommandSpec(
            words: ["alert", "watch"], operands: "[--seconds N]", summary: "print alert notifications as they arrive",
            details: """
                Prints each notification the exchange pushes for your alerts from now on, one line
                each as for alert inbox, until Ctrl-C or, with --seconds N, for N seconds. It
                reconnects if the connection drops, and then catches up from the inbox. With --json
                each notification is one JSON object on its own line.
                """,
            options: ["seconds"]),
    ]

    static var groups: [String] { Array(Set(all.filter { $0.words.count > 1 }.map { $0.words[0] })).sorted() }
}
