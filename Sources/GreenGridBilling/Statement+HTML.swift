/// The statement as a page a person reads: one self-contained HTML file (inline CSS, inline SVG, no
/// scripts, fonts, images or links), so it can be mailed, archived and opened offline and shows the same.
///
/// Money is shown to the cent, rounded half away from zero; the CSV keeps every micro.
extension Statement {
    public func html() -> String {
        let e = HTMLEscaping.escape
        let title = "GreenGrid statement \(month) for trader \(traderId)"
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<title>\(e(title))</title>\n<style>\n\(Statement.css)</style>\n</head>\n<body>\n"
        page += "<h1>\(e(title))</h1>\n"
        page += "<p class=\"account\">\(e(accountName.isEmpty ? "Trader \(traderId)" : accountName)) · \(e(String(describing: role)))"
            + " · \(e(BillingText.timestamp(month.startUnixMs))) to \(e(BillingText.timestamp(month.endUnixMs)))</p>\n"

        page += "<section class=\"summary\">\n<h2>Summary</h2>\n<table>\n"
        func row(_ label: String, _ value: String, _ cssClass: String = "") {
            let classAttribute = cssClass.isEmpty ? "" : " class=\"\(cssClass)\""
            page += "<tr\(classAttribute)><th scope=\"row\">\(e(label))</th><td>\(e(value))</td></tr>\n"
        }
        let money = BillingText.moneyCents
        row("Opening balance", money(openingBalanceMicros), "balance")
        row("Deposits", money(totals.depositsMicros))
        row("Withdrawals", money(totals.withdrawalsMicros))
        row("Energy purchases", money(totals.tradesBoughtMicros))
        row("Energy sales", money(totals.tradesSoldMicros))
        row("Settlements", money(totals.settlementsMicros))
        row("Voids", money(totals.voidsMicros))
        row("Platform fees", money(totals.platformFeesMicros))
        row("Grid fees", money(totals.gridFeesMicros))
        row("Closing balance", money(closingBalanceMicros), "balance")
        row("Energy bought (kWh)", BillingText.energy(totals.energyBoughtWh))
        row("Energy sold (kWh)", BillingText.energy(totals.energySoldWh))
        row("Average buy price (per kWh)", totals.averageBuyPriceMicrosPerKWh.map(BillingText.priceReadable) ?? "–")
        row("Average sell price (per kWh)", totals.averageSellPriceMicrosPerKWh.map(BillingText.priceReadable) ?? "–")
        if let earningsMicros { row("Earnings after fees", money(earningsMicros), "balance") }
        if totals.estimatedEntryCount > 0 {
            row("Entries on estimated meter data", String(totals.estimatedEntryCount))
        }
        page += "</table>\n</section>\n"

        page += "<section class=\"chart\">\n<h2>Per day</h2>\n" + DailyChart(days: days).svg() + "\n</section>\n"

        page += "<section class=\"entries\">\n<h2>Entries</h2>\n"
        if lines.isEmpty {
            page += "<p>No entries this month.</p>\n"
        } else {
            page += "<table>\n<thead><tr><th>#</th><th>Booked (UTC)</th><th>Kind</th><th>Trade</th><th>Zone</th>"
                + "<th>Delivery (UTC)</th><th>Energy (kWh)</th><th>Price</th><th>Amount</th><th>Balance</th><th>Notes</th></tr></thead>\n<tbody>\n"
            for line in lines {
                let entry = line.entry
                var energy = ""
                if let side = entry.side { energy = (side == .buy ? "+" : "−") + BillingText.energy(entry.energyWh) }
                var notes = entry.flags.names.map { $0 == "estimated" ? "estimated meter data" : $0.replacingUnderscores() }
                if let counterpartyZone = entry.counterpartyZone { notes.append("counterparty zone \(counterpartyZone)") }
                if !entry.memo.isEmpty { notes.append(entry.memo) }
                let cells = [
                    String(line.number), BillingText.timestamp(entry.timestampMs), entry.kind.label,
                    entry.tradeId.map { String($0) } ?? "", entry.zone.map { String($0) } ?? "",
                    entry.intervalStartMs.map(BillingText.timestamp) ?? "", energy,
                    entry.priceMicrosPerKWh.map(BillingText.priceReadable) ?? "", money(entry.amountMicros),
                    money(line.balanceAfterMicros), notes.joined(separator: "; "),
                ]
                let rowClass = entry.amountMicros < 0 ? "out" : entry.amountMicros > 0 ? "in" : "zero"
                page += "<tr class=\"\(rowClass)\">" + cells.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n"
            }
            page += "</tbody>\n</table>\n"
        }
        page += "</section>\n<p class=\"note\">Amounts in currency units, rounded to the cent; the CSV statement "
            + "carries them to the micro. Days and times are UTC.</p>\n</body>\n</html>\n"
        return page
    }

    static let css = """
        body { font-family: sans-serif; margin: 2em; color: #1b1f24; }
        h1 { font-size: 1.4em; }
        h2 { font-size: 1.1em; margin-top: 1.5em; }
        table { border-collapse: collapse; }
        th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #d0d7de; text-align: right; }
        th[scope=row] { text-align: left; font-weight: normal; }
        tr.balance th, tr.balance td { font-weight: bold; }
        tr.out td:nth-child(9) { color: #a40e26; }
        tr.in td:nth-child(9) { color: #116329; }
        td:last-child { text-align: left; }
        .chart svg { font-size: 9px; }
        .axis { stroke: #57606a; stroke-width: 1; }
        .axis-label { fill: #57606a; }
        .axis-title { fill: #1b1f24; font-size: 11px; }
        .end { text-anchor: end; }
        .middle { text-anchor: middle; }
        .bar-bought { fill: #0969da; }
        .bar-sold { fill: #f0a30a; }
        .bar-money-in { fill: #2da44e; }
        .bar-money-out { fill: #cf222e; }
        .note { color: #57606a; font-size: 0.9em; }

        """
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(unicodeScalars.map { $0 == "_" ? " " : Character($0) })
    }
}
