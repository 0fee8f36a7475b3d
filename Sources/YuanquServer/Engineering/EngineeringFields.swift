import Fluent
import Vapor
import YuanquKit

/// Reading the fields of an engineering input: each problem is added to the validation under the field's name.
struct EngineeringFields {
    var v = Validation()
    let zone: UUID

    /// A trimmed text, required unless told otherwise, at most `max` characters.
    mutating func text(_ s: String?, _ field: String, _ label: Loc, max: Int = 200, required: Bool = true) -> String {
        let t = (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if required && t.isEmpty {
            v.add(field, Loc("请填写\(label.zh)", "\(label.en) is required"))
        } else if t.count > max {
            v.add(field, Loc("\(label.zh)不超过 \(max) 字", "\(label.en): at most \(max) characters"))
        }
        return t
    }

    /// A date (YYYY-MM-DD); `fallback` when empty, or a required-field error when there is none.
    mutating func date(_ s: String?, _ field: String, _ label: Loc, fallback: CalendarDate? = nil) -> CalendarDate? {
        let raw = (s ?? "").trimmingCharacters(in: .whitespaces)
        if raw.isEmpty {
            if fallback == nil { v.add(field, Loc("请填写\(label.zh)", "\(label.en) is required")) }
            return fallback
        }
        guard let d = CalendarDate(raw), (1950...2200).contains(d.year) else {
            v.add(field, Loc("\(label.zh)应为日期（YYYY-MM-DD）", "\(label.en) is a date (YYYY-MM-DD)"))
            return nil
        }
        return d
    }

    /// An amount in fen, required, from zero (or one fen when `positive`) to one trillion yuan.
    mutating func money(_ fen: Int64?, _ field: String, _ label: Loc, positive: Bool = true) -> Money {
        guard let f = fen else {
            v.add(field, Loc("请填写\(label.zh)（分）", "\(label.en) is required (fen)"))
            return Money(fen: 0)
        }
        let low: Int64 = positive ? 1 : 0
        guard f >= low, f <= 100_000_000_000_000 else {
            v.add(field, Loc("\(label.zh)须在 \(low)–100000000000000 分之间", "\(label.en) must be from \(low) to 100000000000000 fen"))
            return Money(fen: 0)
        }
        return Money(fen: f)
    }

    /// One of an enumeration's raw values.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ s: String?, _ field: String, _ label: Loc, as: E.Type) -> E?
    where E.RawValue == String {
        guard let raw = s?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            v.add(field, Loc("请选择\(label.zh)", "Choose the \(label.en.lowercased())"))
            return nil
        }
        guard let e = E(rawValue: raw) else {
            let all = E.allCases.map(\.rawValue).joined(separator: ", ")
            v.add(field, Loc("\(label.zh)取值无效：可选 \(all)", "\(label.en) must be one of \(all)"))
            return nil
        }
        return e
    }

    /// A person of the zone.
    mutating func person(_ s: String?, _ field: String, _ label: Loc, on db: Database) async throws -> Person? {
        guard let raw = s, !raw.isEmpty else {
            v.add(field, Loc("请选择\(label.zh)", "Choose the \(label.en.lowercased())"))
            return nil
        }
        guard let id = UUID(uuidString: raw), let p = try await Person.find(id, on: db), p.zoneID == zone else {
            v.add(field, Loc("所选\(label.zh)不存在", "No such person (\(label.en.lowercased()))"))
            return nil
        }
        return p
    }

    /// A unit of the zone.
    mutating func unit(_ s: String?, _ field: String, on db: Database) async throws -> OrgUnit? {
        guard let raw = s, !raw.isEmpty else {
            v.add(field, Loc("请选择单位", "Choose the unit"))
            return nil
        }
        guard let id = UUID(uuidString: raw), let u = try await OrgUnit.find(id, on: db), u.zoneID == zone else {
            v.add(field, Loc("所选单位不存在", "No such unit"))
            return nil
        }
        return u
    }

    func check() throws { try v.check() }
}

extension Money {
    /// Amounts typed in 万元 on a form, as fen for the service; nil when blank, and a field error when unreadable.
    static func formWan(_ text: String?, _ field: String, into v: inout Validation) -> Int64? {
        guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
        guard let m = Money.parseWan(t) else {
            v.add(field, Loc("金额应为万元数（最多六位小数）", "An amount in 10k yuan (at most six decimals)"))
            return nil
        }
        return m.fen
    }
}
