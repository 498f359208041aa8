/// The statement's chart as inline SVG: energy bought and sold per day (bars) above net money per day
/// (bars up for money in, down for money out), one slot per day of the month.
///
/// Inline SVG with no `xmlns` (HTML5 parses it without), no fonts, images, links or scripts, so the
/// page is one self-contained file that mail clients and archives show the same. Coordinates are
/// integers from integer arithmetic, so the same statement draws the same bytes everywhere.
/// Each bar is a `rect` with a class naming what it shows and a `<title>` that reads as a tooltip.
public struct DailyChart: Sendable {
    public let days: [StatementDay]

    public init(days: [StatementDay]) { self.days = days }

    static let slotWidth = 20
    static let barWidth = 8
    static let leftMargin = 72
    static let rightMargin = 16
    static let panelHeight = 120
    static let energyTop = 40
    static let moneyTop = 220

    public var width: Int { Self.leftMargin + days.count * Self.slotWidth + Self.rightMargin }
    public var height: Int { Self.moneyTop + Self.panelHeight + 40 }

    public func svg() -> String {
        let energyMax = days.reduce(Int64(0)) { max($0, $1.energyBoughtWh, $1.energySoldWh) }
        let moneyMax = days.reduce(Int64(0)) { max($0, Self.clampedMagnitude($1.netMicros)) }
        let plotRight = Self.leftMargin + days.count * Self.slotWidth
        let energyBase = Self.energyTop + Self.panelHeight
        let moneyZero = Self.moneyTop + Self.panelHeight / 2
        let half = Self.panelHeight / 2

        var svg = "<svg class=\"chart\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
            + "aria-label=\"Daily energy and money\">\n"
        svg += "<title>Energy bought and sold, and net money, per day (UTC)</title>\n"
        // Legends and axis titles.
        svg += text(Self.leftMargin, 16, "Energy per day (kWh)", cssClass: "axis-title")
        svg += legend(x: plotRight - 190, y: 8, cssClass: "bar-bought", label: "bought")
        svg += legend(x: plotRight - 100, y: 8, cssClass: "bar-sold", label: "sold")
        svg += text(Self.leftMargin, Self.moneyTop - 24, "Net money per day", cssClass: "axis-title")
        svg += legend(x: plotRight - 190, y: Self.moneyTop - 32, cssClass: "bar-money-in", label: "net in")
        svg += legend(x: plotRight - 100, y: Self.moneyTop - 32, cssClass: "bar-money-out", label: "net out")

        // Axes: the energy baseline, the money zero line, and the scale's ends.
        svg += line(Self.leftMargin, energyBase, plotRight, energyBase)
        svg += line(Self.leftMargin, Self.energyTop, Self.leftMargin, energyBase)
        svg += line(Self.leftMargin, moneyZero, plotRight, moneyZero)
        svg += line(Self.leftMargin, Self.moneyTop, Self.leftMargin, Self.moneyTop + Self.panelHeight)
        svg += text(Self.leftMargin - 6, Self.energyTop + 4, BillingText.energy(energyMax), cssClass: "axis-label end")
        svg += text(Self.leftMargin - 6, energyBase + 4, "0", cssClass: "axis-label end")
        svg += text(Self.leftMargin - 6, Self.moneyTop + 4, BillingText.moneyCents(moneyMax), cssClass: "axis-label end")
        svg += text(Self.leftMargin - 6, moneyZero + 4, "0", cssClass: "axis-label end")
        svg += text(Self.leftMargin - 6, Self.moneyTop + Self.panelHeight + 4, BillingText.moneyCents(-moneyMax), cssClass: "axis-label end")

        for (slot, day) in days.enumerated() {
            let slotLeft = Self.leftMargin + slot * Self.slotWidth
            let center = slotLeft + Self.slotWidth / 2
            svg += text(center, energyBase + 14, String(day.dayOfMonth), cssClass: "axis-label middle")
            svg += text(center, Self.moneyTop + Self.panelHeight + 14, String(day.dayOfMonth), cssClass: "axis-label middle")
            let date = day.date.description
            if day.energyBoughtWh > 0 {
                let h = Self.scaled(day.energyBoughtWh, max: energyMax, to: Self.panelHeight)
                svg += bar(slotLeft + 1, energyBase - h, Self.barWidth, h, cssClass: "bar-bought",
                           title: "\(date): bought \(BillingText.energy(day.energyBoughtWh)) kWh")
            }
            if day.energySoldWh > 0 {
                let h = Self.scaled(day.energySoldWh, max: energyMax, to: Self.panelHeight)
                svg += bar(slotLeft + 1 + Self.barWidth + 2, energyBase - h, Self.barWidth, h, cssClass: "bar-sold",
                           title: "\(date): sold \(BillingText.energy(day.energySoldWh)) kWh")
            }
            if day.netMicros != 0 {
                let h = Self.scaled(Self.clampedMagnitude(day.netMicros), max: moneyMax, to: half)
                let up = day.netMicros > 0
                svg += bar(slotLeft + 3, up ? moneyZero - h : moneyZero, Self.slotWidth - 6, h,
                           cssClass: up ? "bar-money-in" : "bar-money-out",
                           title: "\(date): net \(BillingText.moneyCents(day.netMicros))")
            }
        }
        svg += text(Self.leftMargin + days.count * Self.slotWidth / 2, height - 6, "Day of month (UTC)", cssClass: "axis-title middle")
        svg += "</svg>"
        return svg
    }

    /// `value / max` of `length` pixels, rounded half away from zero, and at least one pixel so a small
    /// but real value still shows. Int128 because `value × length` can pass Int64.
    public static func scaled(_ value: Int64, max: Int64, to length: Int) -> Int {
        guard value > 0, max > 0 else { return 0 }
        let product = Int128(value) * Int128(length)
        var pixels = product / Int128(max)
        if (product % Int128(max)) * 2 >= Int128(max) { pixels += 1 }
        return Swift.max(1, Int(pixels))
    }

    /// |value|, with Int64.min's magnitude (one past Int64.max) drawn as Int64.max: a pixel cannot tell.
    static func clampedMagnitude(_ value: Int64) -> Int64 { value == Int64.min ? Int64.max : abs(value) }

    private func bar(_ x: Int, _ y: Int, _ w: Int, _ h: Int, cssClass: String, title: String) -> String {
        "<rect class=\"\(cssClass)\" x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\"><title>"
            + HTMLEscaping.escape(title) + "</title></rect>\n"
    }

    private func line(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int) -> String {
        "<line class=\"axis\" x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\"/>\n"
    }

    private func text(_ x: Int, _ y: Int, _ content: String, cssClass: String) -> String {
        "<text class=\"\(cssClass)\" x=\"\(x)\" y=\"\(y)\">" + HTMLEscaping.escape(content) + "</text>\n"
    }

    private func legend(x: Int, y: Int, cssClass: String, label: String) -> String {
        "<rect class=\"\(cssClass) legend\" x=\"\(x)\" y=\"\(y)\" width=\"10\" height=\"10\"/>\n"
            + text(x + 14, y + 9, label, cssClass: "axis-label")
    }
}
