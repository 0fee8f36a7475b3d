import Foundation

/// Chinese names in pinyin order, as a phone book has them (李 before 王 before 张): a sort key computed when a name is
/// written, compared as plain text by either database.
public enum PinyinOrder {
    /// Surnames whose reading as a surname differs from the character's common reading (单 shàn, 曾 zēng, 解 xiè…).
    public static let surnames: [String: String] = [
        "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha", "盖": "ge", "乐": "yue", "缪": "miao",
        "翟": "zhai", "覃": "qin", "繁": "po", "员": "yun", "召": "shao", "折": "she", "秘": "bi", "种": "chong", "宿": "su",
        "隗": "wei", "句": "gou", "冼": "xian", "尉": "yu", "长": "zhang", "重": "chong", "沈": "shen", "燕": "yan", "任": "ren",
        "那": "na", "华": "hua", "纪": "ji", "过": "guo", "洗": "xian", "适": "kuo",
    ]
    /// Two-character surnames read as surnames.
    public static let compoundSurnames: [String: [String]] = ["万俟": ["mo", "qi"], "尉迟": ["yu", "chi"], "单于": ["chan", "yu"]]

    static let readings = Readings()

    /// Letters of each syllable padded to six (the longest pinyin syllable, e.g. "zhuang") so that syllables line up
    /// and "li na" sorts before "lin a"; then the name's code points, so that equal readings still sort one way on
    /// both engines. Only `a`–`z` and `0`–`9`: no collation can reorder it.
    public static func key(_ name: String) -> String {
        let trimmed = name.trimmed(.whitespacesAndNewlines)
        var syllables: [String] = []
        var rest = Substring(trimmed)
        if let (prefix, reading) = compoundSurnames.first(where: { trimmed.hasPrefix($0.key) }) {
            syllables += reading
            rest = rest.dropFirst(prefix.count)
        } else if let first = rest.first, let reading = surnames[String(first)] {
            syllables.append(reading)
            rest = rest.dropFirst()
        }
        for ch in rest {
            let letters = readings.letters(ch)
            if !letters.isEmpty { syllables.append(letters) }
        }
        let padded = syllables.map { $0.count >= 6 ? $0 : $0 + String(repeating: "0", count: 6 - $0.count) }.joined()
        let codes = trimmed.unicodeScalars.map { s in
            let hex = String(s.value, radix: 16)
            return String(repeating: "0", count: max(0, 6 - hex.count)) + hex
        }.joined()
        return String((padded + "0" + codes).prefix(400))
    }
}

/// Each character's reading in plain letters, transliterated (ICU, about a hundred microseconds) once and then looked
/// up: an import of 100,000 names repeats a few thousand characters.
/// `@unchecked Sendable`: its one mutable property, `known`, is read and written only while holding `lock`, and `lock`
/// itself is a `let` (an `NSLock`: the Kit uses Foundation only, and `Mutex` needs macOS 15).
final class Readings: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [Character: String] = [:]

    func letters(_ ch: Character) -> String {
        lock.lock()
        let found = known[ch]
        lock.unlock()
        if let found { return found }
        let latin = String(ch).applyingTransform(.mandarinToLatin, reverse: false) ?? String(ch)
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        let letters = plain.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        lock.lock()
        known[ch] = letters
        lock.unlock()
        return letters
    }
}
