import ConsoleKit
import Fluent
import FluentSQL
import XCTVapor
import YuanquKit

@testable import YuanquServer

/// Issue 27, part 3: a zone's records reference only records of the same zone. The demos make none that cross, the
/// one write path refuses one, and `yuanqu check` reports one made by SQL.
final class ZoneReferenceTests: XCTestCase {
    struct Column: Decodable { let name: String }
    struct Table: Decodable { let name: String }

    /// Every `*_id` column of the schema is a zone, a parent that gives the zone, a declared reference, or declared
    /// as no reference: a new column fails here until `ZoneReferences` names it.
    func testTheListNamesEveryIdColumnOfTheSchema() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            let tables = try await sql.raw(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_fluent_migrations'"
            )
            .all(decoding: Table.self).map(\.name)
            XCTAssertGreaterThan(tables.count, 50)
            var declared = Set(ZoneReferences.references.map { "\($0.table).\($0.column)" }).union(ZoneReferences.notReferences)
            for (table, zone) in ZoneReferences.tables {
                switch zone {
                case .own: declared.insert("\(table).zone_id")
                case .parent(let column, let parent):
                    declared.insert("\(table).\(column)")
                    XCTAssertNotNil(ZoneReferences.tables[parent], "\(table)'s parent \(parent) is not zone-owned")
                }
            }
            for r in ZoneReferences.references {
                XCTAssertNotNil(ZoneReferences.tables[r.table], "\(r.table) is not declared zone-owned")
                XCTAssertNotNil(ZoneReferences.tables[r.target], "\(r.target) is not declared zone-owned")
            }
            var undeclared: [String] = []
            for table in tables {
                let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Column.self).map(\.name)
                XCTAssertFalse(columns.isEmpty, table)
                if columns.contains("zone_id"), table != "audit_events" {
                    XCTAssertNotNil(ZoneReferences.tables[table], "\(table) has a zone_id but is not declared zone-owned")
                }
                for c in columns where c.hasSuffix("_id") && !declared.contains("\(table).\(c)") { undeclared.append("\(table).\(c)") }
            }
            XCTAssertEqual(undeclared, [], "columns that ZoneReferences does not name")
            var existing: Set<String> = []
            for table in tables {
                for c in try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Column.self) {
                    existing.insert("\(table).\(c.name)")
                }
            }
            XCTAssertEqual(declared.subtracting(existing).sorted(), [], "declared columns that the schema does not have")
        }
    }

    /// The city demo (the demo zone and two more here — every zone of it is generated alike; the whole city, 655,957
    /// references, was checked the same way when the guard came in): no reference leaves its zone. A reference made by hand through the write path is
    /// refused (409, naming the field) and nothing is written; one made by SQL is reported by `check`.
    func testTheCityDemoStaysInItsZonesAndACrossingIsRefusedOrReported() async throws {
        try await eachEngine(seed: false) { app, engine in
            let zones = try await Demo.seedCity(app, others: 2)
            XCTAssertEqual(zones, 3, "[\(engine)]")
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            let clean = try await ZoneReferences.checkAll(on: sql)
            print("[\(engine)] city demo: \(clean.checked) references checked, \(clean.crossings.count) cross zones")
            XCTAssertGreaterThan(clean.checked, 10_000, "[\(engine)]")
            XCTAssertEqual(clean.crossings, [], "[\(engine)]")
            // The generator's own mistake: no zone's request is held by the pukou staff user's person.
            let pukou = try await unwrapping(try await Zone.query(on: app.db).filter(\.$code == "pukou").first())
            let other = try await unwrapping(try await Zone.query(on: app.db).filter(\.$code != "pukou").sort(\.$code).first())
            let request = try await unwrapping(
                try await ServiceRequest.query(on: app.db).filter(\.$zoneID == other.id!).sort(\.$id).first()
            )
            let stranger = try await unwrapping(try await Person.query(on: app.db).filter(\.$zoneID == pukou.id!).sort(\.$id).first())
            let holderBefore = request.holderID

            // Through the one write path: refused, rolled back.
            do {
                try await Writes.perform(app, actor: .commandLine) { db, trail in
                    request.holderID = stranger.id
                    try await request.update(on: db)
                    trail.record("update", "service_request", id: request.id!.uuidString, zone: other.id)
                }
                XCTFail("[\(engine)] a holder of another zone was accepted")
            } catch let e as AppError {
                XCTAssertEqual(e.status, .conflict, "[\(engine)]")
                XCTAssertEqual(e.field, "holderId", "[\(engine)]")
            }
            let reread = try await ServiceRequest.find(request.id, on: app.db)
            XCTAssertEqual(reread?.holderID, holderBefore, "[\(engine)]")
            // A new record too: a unit of one zone under a parent of another.
            let foreignUnit = try await unwrapping(try await OrgUnit.query(on: app.db).filter(\.$zoneID == pukou.id!).first())
            // A row inserted by SQL inside the write path (`BulkTable`, as the enterprise import) is guarded too.
            do {
                try await Writes.perform(app, actor: .commandLine) { db, trail in
                    let sql = try XCTUnwrap(db as? SQLDatabase)
                    let columns = [
                        "id", "zone_id", "name", "industry", "address", "contact_name", "contact_phone", "created_on", "steward_id",
                    ]
                    let table = BulkTable("enterprises", columns, on: sql)
                    try await table.add([UUID(), other.id!, "越界企业", "其他", "", "", "", "2026-01-01", stranger.id!], on: sql)
                    try await table.flush(on: sql)
                    trail.record("import", "enterprise", zone: other.id)
                }
                XCTFail("[\(engine)] a steward of another zone was accepted")
            } catch let e as AppError {
                XCTAssertEqual(e.field, "stewardId", "[\(engine)]")
            }
            let body = try await unwrapping(try await ZoneBody.query(on: app.db).filter(\.$zoneID == other.id!).first())
            do {
                try await Writes.perform(app, actor: .commandLine) { db, trail in
                    let u = OrgUnit()
                    u.zoneID = other.id!
                    u.bodyID = body.id!
                    u.parentID = foreignUnit.id
                    u.kind = foreignUnit.kind
                    u.name = "越界的部门"
                    u.isMainBusiness = false
                    u.sortOrder = 99
                    u.duties = foreignUnit.duties
                    try await u.create(on: db)
                    trail.record("create", "unit", id: u.id!.uuidString, zone: other.id)
                }
                XCTFail("[\(engine)] a parent unit of another zone was accepted")
            } catch let e as AppError {
                XCTAssertEqual(e.field, "parentId", "[\(engine)]")
            }
            let made = try await OrgUnit.query(on: app.db).filter(\.$name == "越界的部门").count()
            XCTAssertEqual(made, 0, "[\(engine)]")
            // A write that stays in its zone passes the guard.
            let own = try await unwrapping(try await Person.query(on: app.db).filter(\.$zoneID == other.id!).sort(\.$id).first())
            try await Writes.perform(app, actor: .commandLine) { db, trail in
                request.holderID = own.id
                try await request.update(on: db)
                trail.record("update", "service_request", id: request.id!.uuidString, zone: other.id)
            }

            // By SQL, around the write path: `check` reports it, naming the record, column and both zones.
            try await sql.update("service_requests").set("holder_id", to: SQLBind(stranger.id!)).where("id", .equal, SQLBind(request.id!))
                .run()
            let dirty = try await ZoneReferences.checkAll(on: sql)
            XCTAssertEqual(dirty.crossings.count, 1, "[\(engine)]")
            let c = try XCTUnwrap(dirty.crossings.first)
            XCTAssertEqual(c.table, "service_requests")
            XCTAssertEqual(c.column, "holder_id")
            XCTAssertEqual(c.id, request.id)
            XCTAssertEqual(c.zone, other.id)
            XCTAssertEqual(c.target, stranger.id)
            XCTAssertEqual(c.targetZone, pukou.id)
        }
    }

    /// `yuanqu check`: exits 0 on the demo zone; a unit moved by SQL into another zone's body makes it fail, counting it.
    func testTheCheckCommandFailsOnACrossing() async throws {
        try await eachEngine { app, engine in
            func check() async throws -> String? {
                var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["yuanqu", "check"]))
                context.application = app
                do {
                    try await app.asyncCommands.group().run(using: &context)
                    return nil
                } catch { return describe(error) }
            }
            let clean = try await check()
            XCTAssertNil(clean, "[\(engine)]")
            let other = try await ZoneService.create(
                app,
                actor: .commandLine,
                NewZone(code: "gaoxin", name: "高新区", nameEn: "Hi-tech Zone", committeeCap: 40, companyCap: 30)
            )
            // A row inserted by SQL inside the write path (`BulkTable`, as the enterprise import) is guarded too.
            let stranger = try await unwrapping(try await Person.query(on: app.db).sort(\.$id).first())
            do {
                try await Writes.perform(app, actor: .commandLine) { db, trail in
                    let sql = try XCTUnwrap(db as? SQLDatabase)
                    let columns = [
                        "id", "zone_id", "name", "industry", "address", "contact_name", "contact_phone", "created_on", "steward_id",
                    ]
                    let table = BulkTable("enterprises", columns, on: sql)
                    try await table.add([UUID(), other.id!, "越界企业", "其他", "", "", "", "2026-01-01", stranger.id!], on: sql)
                    try await table.flush(on: sql)
                    trail.record("import", "enterprise", zone: other.id)
                }
                XCTFail("[\(engine)] a steward of another zone was accepted")
            } catch let e as AppError {
                XCTAssertEqual(e.field, "stewardId", "[\(engine)]")
            }
            let body = try await unwrapping(try await ZoneBody.query(on: app.db).filter(\.$zoneID == other.id!).first())
            let unit = try await unwrapping(try await OrgUnit.query(on: app.db).sort(\.$name).first())
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            try await sql.update("org_units").set("body_id", to: SQLBind(body.id!)).where("id", .equal, SQLBind(unit.id!)).run()
            let failure = try await check()
            XCTAssertTrue(failure?.contains("1 cross zones") ?? false, "[\(engine)] \(failure ?? "nil")")
        }
    }

    /// The province demo's bulk load (by SQL, not seen by the write path's guard): no reference leaves its zone.
    func testAScaledDownProvinceStaysInItsZones() async throws {
        try await eachEngine(seed: false) { app, engine in
            var options = ProvinceDemo.Options()
            options.zones = 3
            options.auditEvents = 2_000
            _ = try await ProvinceDemo.run(app, options: options) { _ in }
            let sql = try XCTUnwrap(app.db as? SQLDatabase)
            let result = try await ZoneReferences.checkAll(on: sql)
            print("[\(engine)] province demo (3 zones): \(result.checked) references checked, \(result.crossings.count) cross zones")
            XCTAssertGreaterThan(result.checked, 1_000, "[\(engine)]")
            XCTAssertEqual(result.crossings, [], "[\(engine)]")
        }
    }

    /// The guard's cost: 200 unit updates through the write path, timed (printed; the limit is generous).
    func testTheGuardKeepsAWriteFast() async throws {
        try await eachEngine { app, engine in
            let unit = try await unwrapping(try await OrgUnit.query(on: app.db).sort(\.$name).first())
            let start = Date()
            for i in 0..<200 {
                try await Writes.perform(app, actor: .commandLine) { db, trail in
                    unit.sortOrder = i
                    try await unit.update(on: db)
                    trail.record("update", "unit", id: unit.id!.uuidString, zone: unit.zoneID)
                }
            }
            let perWrite = Date().timeIntervalSince(start) / 200
            // The guard's own part: the checks of one touched unit (its body, parent).
            let rows = TouchedRows()
            rows.add("org_units", unit.id!)
            let guardStart = Date()
            for _ in 0..<200 { try await ZoneGuard.verify(rows, on: app.db) }
            let perGuard = Date().timeIntervalSince(guardStart) / 200
            print(
                "[\(engine)] a unit update through Writes.perform: \(String(format: "%.2f", perWrite * 1000)) ms, "
                    + "of which the zone guard \(String(format: "%.2f", perGuard * 1000)) ms"
            )
            XCTAssertLessThan(perWrite, 0.5, "[\(engine)]")
        }
    }
}

/// `XCTUnwrap` of an async expression.
private func unwrapping<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws
    -> T
{
    let v = try await value()
    return try XCTUnwrap(v, file: file, line: line)
}
