import Fluent
import Vapor
import YuanquKit

/// A zone's settings as the pages and rules read them.
enum Settings {
    /// A zone setting's value, or its default.
    static func int(_ key: String, zone: UUID?, on db: Database) async throws -> Int {
        let def = SettingDefinition.named(key)!
        if let z = zone, let s = try await ZoneSetting.query(on: db).filter(\.$zoneID == z).filter(\.$key == key).first(),
            let n = Int(s.value)
        {
            return n
        }
        return Int(def.defaultValue) ?? 0
    }

    /// The OCDS prefix (`ocds.prefix`) of each of these zones; a zone without a valid one gets the placeholder.
    static func ocdsPrefixes(zones: Set<UUID>, on db: Database) async throws -> [UUID: String] {
        var out = Dictionary(uniqueKeysWithValues: zones.map { ($0, SettingDefinition.placeholderOCDSPrefix) })
        guard !zones.isEmpty else { return out }
        for s in try await ZoneSetting.query(on: db).filter(\.$zoneID ~~ zones).filter(\.$key == "ocds.prefix").all()
        where SettingDefinition.isOCDSPrefix(s.value) {
            out[s.zoneID] = s.value
        }
        return out
    }
}
