import Foundation

/// Charts drawn by the server as SVG: they print, and need no script.
enum Charts {
    struct Bar {
        let label: String
        let value: Double
        let text: String
        var highlight = false
    }

    /// Horizontal bars, one a row, longest scaled to the width.
    static func horizontal(_ bars: [Bar], title: String, width: Int = 560) -> String {
        let rowH = 26
        let labelW = 150
        let valueW = 110
        let top = 28
        let height = top + bars.count * rowH + 8
        let maxV = max(bars.map(\.value).max() ?? 1, 1)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" style=\"max-width:\(width)px\" font-family=\"Noto Sans CJK SC, Microsoft YaHei, sans-serif\">"
        out +=
            "<title>\(textEscaped(title))</title><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"600\" fill=\"#1f2933\">\(textEscaped(title))</text>"
        for (i, b) in bars.enumerated() {
            let y = top + i * rowH
            let w = Double(width - labelW - valueW) * b.value / maxV
            out +=
                "<text x=\"\(labelW - 6)\" y=\"\(y + 16)\" font-size=\"12\" text-anchor=\"end\" fill=\"#323f4b\">\(textEscaped(b.label))</text>"
            out +=
                "<rect x=\"\(labelW)\" y=\"\(y + 4)\" width=\"\(String(format: "%.1f", max(w, 1)))\" height=\"16\" rx=\"2\" fill=\"\(b.highlight ? "#b42318" : "#8a1c1c")\" opacity=\"\(b.highlight ? "1" : "0.85")\"/>"
            out +=
                "<text x=\"\(String(format: "%.1f", Double(labelW) + max(w, 1) + 6))\" y=\"\(y + 16)\" font-size=\"12\" fill=\"#1f2933\">\(textEscaped(b.text))</text>"
        }
        return out + "</svg>"
    }

    /// Vertical bars, e.g. one a month.
    static func columns(_ bars: [Bar], title: String, width: Int = 560, height: Int = 220) -> String {
        let top = 44
        let bottom = 36
        let left = 8
        let n = max(bars.count, 1)
        let slot = Double(width - left * 2) / Double(n)
        let maxV = max(bars.map(\.value).max() ?? 1, 1)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" style=\"max-width:\(width)px\" font-family=\"Noto Sans CJK SC, Microsoft YaHei, sans-serif\">"
        out +=
            "<title>\(textEscaped(title))</title><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"600\" fill=\"#1f2933\">\(textEscaped(title))</text>"
        let plotH = Double(height - top - bottom)
        for (i, b) in bars.enumerated() {
            let h = plotH * b.value / maxV
            let x = Double(left) + slot * Double(i) + slot * 0.15
            let y = Double(top) + plotH - h
            out +=
                "<rect x=\"\(String(format: "%.1f", x))\" y=\"\(String(format: "%.1f", y))\" width=\"\(String(format: "%.1f", slot * 0.7))\" height=\"\(String(format: "%.1f", max(h, 0.5)))\" rx=\"2\" fill=\"#8a1c1c\" opacity=\"0.85\"><title>\(textEscaped(b.label + " " + b.text))</title></rect>"
            if b.value > 0 {
                out +=
                    "<text x=\"\(String(format: "%.1f", x + slot * 0.35))\" y=\"\(String(format: "%.1f", y - 4))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#323f4b\">\(textEscaped(b.text))</text>"
            }
            out +=
                "<text x=\"\(String(format: "%.1f", x + slot * 0.35))\" y=\"\(height - bottom + 16)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#52606d\">\(textEscaped(b.label))</text>"
        }
        return out + "</svg>"
    }

    /// A funnel: bars centred and narrowing, one a stage.
    static func funnel(_ bars: [Bar], title: String, width: Int = 560) -> String {
        let rowH = 30
        let top = 28
        let height = top + bars.count * rowH + 6
        let maxV = max(bars.map(\.value).max() ?? 1, 1)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" style=\"max-width:\(width)px\" font-family=\"Noto Sans CJK SC, Microsoft YaHei, sans-serif\">"
        out +=
            "<title>\(textEscaped(title))</title><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"600\" fill=\"#1f2933\">\(textEscaped(title))</text>"
        for (i, b) in bars.enumerated() {
            let w = max(Double(width - 40) * b.value / maxV, 60)
            let x = (Double(width) - w) / 2
            let y = top + i * rowH
            out +=
                "<rect x=\"\(String(format: "%.1f", x))\" y=\"\(y)\" width=\"\(String(format: "%.1f", w))\" height=\"\(rowH - 4)\" rx=\"3\" fill=\"#8a1c1c\" opacity=\"\(String(format: "%.2f", 0.95 - Double(i) * 0.1))\"/>"
            out +=
                "<text x=\"\(width / 2)\" y=\"\(y + 18)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#ffffff\">\(textEscaped(b.label + "  " + b.text))</text>"
        }
        return out + "</svg>"
    }
}
