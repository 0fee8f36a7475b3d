import Foundation

/// A mainland resident identity number (居民身份证号码), GB 11643-1999:
/// six digits of area, eight of birth date, three of sequence, one check character.
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public enum Problem: Error, Equatable, Sendable {
        case length(Int)
        case characters
        case birthDate
        case checkDigit(expected: Character)
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = Array("10X98765432")

    /// The check character that the first seventeen digits call for.
    public static func checkCharacter(forFirst17 digits: String) -> Character? {
        let values = digits.compactMap { $0.wholeNumberValue }
        guard digits.count == 17, values.count == 17, digits.allSatisfy({ $0.isASCII }) else { return nil }
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Validates and normalises (lower-case x becomes X, surrounding spaces are dropped).
    public init(_ raw: String) throws(Problem) {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard text.count == 18 else { throw .length(text.count) }
        let first17 = String(text.prefix(17))
        guard first17.allSatisfy({ $0.isASCII && $0.isNumber }),
            let last = text.last, last.isASCII, last.isNumber || last == "X"
        else { throw .characters }
        let digits = Array(text)
        let year = Int(String(digits[6..<10]))!
        let month = Int(String(digits[10..<12]))!
        let day = Int(String(digits[12..<14]))!
        guard let birth = CalendarDate(year: year, month: month, day: day), year >= 1900 else { throw .birthDate }
        _ = birth
        let expected = ResidentID.checkCharacter(forFirst17: first17)!
        guard expected == last else { throw .checkDigit(expected: expected) }
        value = text
    }

    public var birthDate: CalendarDate {
        let d = Array(value)
        return CalendarDate(year: Int(String(d[6..<10]))!, month: Int(String(d[10..<12]))!, day: Int(String(d[12..<14]))!)!
    }

    /// Odd seventeenth digit: male; even: female.
    public var isMale: Bool { Array(value)[16].wholeNumberValue! % 2 == 1 }

    /// Shown on every screen: the area code and the last four characters only.
    public var masked: String { ResidentID.mask(value) }

    public static func mask(_ value: String) -> String {
        guard value.count > 10 else { return String(repeating: "*", count: value.count) }
        return String(value.prefix(6)) + String(repeating: "*", count: value.count - 10) + String(value.suffix(4))
    }

    public var description: String { masked }
}
