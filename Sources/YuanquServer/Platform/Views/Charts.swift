import Foundation

/// Charts drawn by the server as SVG: they print, and need no script. Built with `el`/`void` like every page, so
/// labels are escaped in the one place attribute values and text are.
enum Charts {
    struct Bar {
        let label: String
        let value: Double
        let text: String
        var highlight = false
    }

    /// Horizontal bars, one a row, longest scaled to the width.
    static func horizontal(_ bars: [Bar], title: String, width: Int = 560, labelWidth labelW: Int = 150) -> HNode {
        let rowH = 26
        let valueW = 110
        let top = 28
        let height = top + bars.count * rowH + 8
        let maxV = max(bars.map(\.value).max() ?? 1, 1)
        let rows: [HNode] = bars.enumerated().map { i, b in
            let y = top + i * rowH
            let w = max(Double(width - labelW - valueW) * b.value / maxV, 1)
            return .group(
                text(b.label, x: String(labelW - 6), y: String(y + 16), size: 12, anchor: "end", fill: "#323f4b"),
                void(
                    "rect",
                    [
                        ("x", String(labelW)), ("y", String(y + 4)), ("width", decimal(w)), ("height", "16"), ("rx", "2"),
                        ("fill", b.highlight ? "#b42318" : "#8a1c1c"), ("opacity", b.highlight ? "1" : "0.85"),
                    ]
                ),
                text(b.text, x: decimal(Double(labelW) + w + 6), y: String(y + 16), size: 12, fill: "#1f2933")
            )
        }
        return svg(title: title, width: width, height: height, rows)
    }

    /// Vertical bars, e.g. one a month.
    static func columns(_ bars: [Bar], title: String, width: Int = 560, height: Int = 220) -> HNode {
        let top = 44
        let bottom = 36
        let left = 8
        let slot = Double(width - left * 2) / Double(max(bars.count, 1))
        let maxV = max(bars.map(\.value).max() ?? 1, 1)
        let plotH = Double(height - top - bottom)
        let columns: [HNode] = bars.enumerated().map { i, b in
            let h = plotH * b.value / maxV
            let x = Double(left) + slot * Double(i) + slot * 0.15
            let y = Double(top) + plotH - h
            let rect = el(
                "rect",
                [
                    ("x", decimal(x)), ("y", decimal(y)), ("width", decimal(slot * 0.7)), ("height", decimal(max(h, 0.5))), ("rx", "2"),
                    ("fill", "#8a1c1c"), ("opacity", "0.85"),
                ],
                el("title", [], txt(b.label + " " + b.text))
            )
            let value: HNode =
                b.value > 0
                ? text(b.text, x: decimal(x + slot * 0.35), y: decimal(y - 4), size: 10, anchor: "middle", fill: "#323f4b") : .empty
            let label = text(
                b.label,
                x: decimal(x + slot * 0.35),
                y: String(height - bottom + 16),
                size: 11,
                anchor: "middle",
                fill: "#52606d"
            )
            return .group(rect, value, label)
        }
        return svg(title: title, width: width, height: height, columns)
    }

    /// Two series side by side in each slot (e.g. this year and last, month by month), with a legend. `current` may be
    /// shorter than `previous` (the months of this year so far).
    static func paired(
        labels: [String],
        current: (name: String, values: [Double]),
        previous: (name: String, values: [Double]),
        format: (Double) -> String,
        title: String,
        width: Int = 560,
        height: Int = 230
    ) -> HNode {
        let top = 48
        let bottom = 30
        let left = 8
        let slot = Double(width - left * 2) / Double(max(labels.count, 1))
        let maxV = max((current.values + previous.values).max() ?? 1, 1)
        let plotH = Double(height - top - bottom)
        let colours = (current: "#8a1c1c", previous: "#9aa5b1")
        func bar(_ value: Double, slot i: Int, second: Bool, colour: String, series: String) -> HNode {
            let h = plotH * value / maxV
            let x = Double(left) + slot * Double(i) + slot * (second ? 0.5 : 0.12)
            return el(
                "rect",
                [
                    ("x", decimal(x)), ("y", decimal(Double(top) + plotH - h)), ("width", decimal(slot * 0.38)),
                    ("height", decimal(max(h, 0.5))), ("fill", colour),
                ],
                el("title", [], txt(labels[i] + " " + series + " " + format(value)))
            )
        }
        var nodes: [HNode] = [
            void("rect", [("x", "0"), ("y", "26"), ("width", "10"), ("height", "10"), ("fill", colours.current)]),
            text(current.name, x: "14", y: "35", size: 11, fill: "#323f4b"),
            void("rect", [("x", "110"), ("y", "26"), ("width", "10"), ("height", "10"), ("fill", colours.previous)]),
            text(previous.name, x: "124", y: "35", size: 11, fill: "#323f4b"),
        ]
        for (i, label) in labels.enumerated() {
            if i < previous.values.count {
                nodes.append(bar(previous.values[i], slot: i, second: true, colour: colours.previous, series: previous.name))
            }
            if i < current.values.count {
                nodes.append(bar(current.values[i], slot: i, second: false, colour: colours.current, series: current.name))
            }
            let x = Double(left) + slot * (Double(i) + 0.5)
            nodes.append(text(label, x: decimal(x), y: String(height - bottom + 16), size: 11, anchor: "middle", fill: "#52606d"))
        }
        return svg(title: title, width: width, height: height, nodes)
    }

    /// A funnel: bars centred and narrowing, one a stage.
    static func funnel(_ bars: [Bar], title: String, width: Int = 560) -> HNode {
        let rowH = 30
        let top = 28
        let height = top + bars.count * rowH + 6
        let maxV = max(bars.map(\.value).max() ?? 1, 1)
        let steps: [HNode] = bars.enumerated().map { i, b in
            let w = max(Double(width - 40) * b.value / maxV, 60)
            let y = top + i * rowH
            return .group(
                void(
                    "rect",
                    [
                        ("x", decimal((Double(width) - w) / 2)), ("y", String(y)), ("width", decimal(w)), ("height", String(rowH - 4)),
                        ("rx", "3"), ("fill", "#8a1c1c"), ("opacity", String(format: "%.2f", 0.95 - Double(i) * 0.1)),
                    ]
                ),
                text(b.label + "  " + b.text, x: String(width / 2), y: String(y + 18), size: 12, anchor: "middle", fill: "#ffffff")
            )
        }
        return svg(title: title, width: width, height: height, steps)
    }

    /// The chart's frame: a scalable SVG with its title, read out by screen readers and shown as a heading.
    static func svg(title: String, width: Int, height: Int, _ content: [HNode]) -> HNode {
        el(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("role", "img"), ("viewBox", "0 0 \(width) \(height)"), ("width", String(width)),
                ("class", "drawing"), ("font-family", "Noto Sans CJK SC, Microsoft YaHei, sans-serif"),
            ],
            [el("title", [], txt(title)), text(title, x: "0", y: "16", size: 14, weight: "600", fill: "#1f2933")] + content
        )
    }

    static func text(
        _ s: String,
        x: String,
        y: String,
        size: Int,
        anchor: String? = nil,
        weight: String? = nil,
        fill: String
    ) -> HNode {
        var attributes: [(String, String?)] = [("x", x), ("y", y), ("font-size", String(size))]
        if let anchor { attributes.append(("text-anchor", anchor)) }
        if let weight { attributes.append(("font-weight", weight)) }
        attributes.append(("fill", fill))
        return el("text", attributes, txt(s))
    }

    static func decimal(_ v: Double) -> String { String(format: "%.1f", v) }
}
