import Foundation

extension String {
    /// `trimmingCharacters(in:)` without the trip through Foundation when neither end has anything to trim, as with
    /// nearly every cell of an imported file.
    public func trimmed(_ set: CharacterSet = .whitespaces) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !set.contains(first) && !set.contains(last) { return self }
        return trimmingCharacters(in: set)
    }
}
