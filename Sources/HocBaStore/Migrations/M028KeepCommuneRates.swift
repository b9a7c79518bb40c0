import Fluent
import SQLKit

/// The commune qualification rates kept as counts over time (docs/reports.md, "Counts kept as you write"):
///
/// - `rate_spans`: each person's stretches of days in a commune unit as a cadre or civil servant, qualified or not
///   (`CommuneRateSpans`), with the unit's path when the stretch was counted.
/// - `rate_deltas`: for every ancestor on that path (and the pseudo-unit 0), +1 on a stretch's first day and −1 on
///   the day after its last, by category and qualification. A rate on day D sums the deltas up to D.
/// - `rate_dirty`: the people whose stretches must be counted again. Triggers mark them, in the writing
///   transaction, whenever a person's CanBo unit, category or declared level, a history row, a qualification, or a
///   unit's path or level changes; the next reader of a rate counts them again first
///   (`RecordStore.settleCommuneRates`). A person's state on a day follows rules (the covering row with the latest
///   start) that SQL triggers would have to repeat; the Core rule computes it once, in Swift.
struct M028KeepCommuneRates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let postgres = sql.dialect.name == "postgresql"
        try await sql.raw("CREATE TABLE rate_dirty (person_id INTEGER NOT NULL PRIMARY KEY)").run()
        try await sql.raw("""
            CREATE TABLE rate_spans (person_id INTEGER NOT NULL, unit_id INTEGER NOT NULL, unit_path TEXT NOT NULL,
                                     category TEXT NOT NULL, qualified INTEGER NOT NULL, from_day TEXT, to_day TEXT)
            """).run()
        try await database.createIndex("rate_spans_person", on: "rate_spans", "person_id")
        try await database.createIndex("rate_spans_unit", on: "rate_spans", "unit_id")
        try await sql.raw("""
            CREATE TABLE rate_deltas (ancestor_id INTEGER NOT NULL, category TEXT NOT NULL, day TEXT NOT NULL,
                                      qualified INTEGER NOT NULL, delta BIGINT NOT NULL,
                                      PRIMARY KEY (ancestor_id, category, day, qualified))\(unsafeRaw: postgres ? "" : " WITHOUT ROWID")
            """).run()
        let mark = "ON CONFLICT (person_id) DO NOTHING"
        let running = "NOT EXISTS (SELECT 1 FROM summary_cells_paused)"
        // The people a unit's change touches: counted there, placed there by a history row, or by their CanBo unit.
        let unitPeople = """
            INSERT INTO rate_dirty (person_id)
            SELECT person_id FROM rate_spans WHERE unit_id = NEW.id
            UNION SELECT person_id FROM work_history WHERE unit_id = NEW.id
            UNION SELECT id FROM people WHERE unit_id = NEW.id
            \(mark)
            """
        if postgres {
            try await sql.raw(SQLQueryString("""
                CREATE FUNCTION rate_dirty_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM summary_cells_paused) THEN RETURN NULL; END IF;
                    -- An update that changes nothing (an import's upsert of the same row) marks nobody.
                    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN RETURN NULL; END IF;
                    -- As M026's triggers: the trail's writer lock first, so that marks never deadlock.
                    LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE;
                    IF TG_TABLE_NAME = 'units' THEN
                        \(unitPeople);
                    ELSIF TG_TABLE_NAME = 'people' THEN
                        IF TG_OP <> 'DELETE' THEN INSERT INTO rate_dirty (person_id) VALUES (NEW.id) \(mark); END IF;
                        IF TG_OP <> 'INSERT' THEN INSERT INTO rate_dirty (person_id) VALUES (OLD.id) \(mark); END IF;
                    ELSE
                        IF TG_OP <> 'DELETE' THEN INSERT INTO rate_dirty (person_id) VALUES (NEW.person_id) \(mark); END IF;
                        IF TG_OP <> 'INSERT' THEN INSERT INTO rate_dirty (person_id) VALUES (OLD.person_id) \(mark); END IF;
                    END IF;
                    RETURN NULL;
                END $$
                """)).run()
            for (table, events) in [("people", "INSERT OR DELETE OR UPDATE OF unit_id, category, professional_level"),
                                    ("work_history", "INSERT OR DELETE OR UPDATE"),
                                    ("qualifications", "INSERT OR DELETE OR UPDATE"),
                                    ("units", "UPDATE OF path, level")] {
                try await sql.raw(SQLQueryString("""
                    CREATE TRIGGER \(table)_rate_dirty AFTER \(events) ON \(table)
                    FOR EACH ROW EXECUTE FUNCTION rate_dirty_mark()
                    """)).run()
            }
        } else {
            // An update marks only when a column the rates read changed (an import's upsert of the same row does
            // not), as `changed` says.
            func trigger(_ name: String, _ event: String, changed: [String] = [], _ body: String) -> SQLQueryString {
                let change = changed.isEmpty ? ""
                    : "(" + changed.map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR ") + ") AND "
                return SQLQueryString("CREATE TRIGGER \(name) \(event) FOR EACH ROW WHEN \(change)\(running) BEGIN \(body); END")
            }
            let markNew = { (column: String) in "INSERT INTO rate_dirty (person_id) VALUES (NEW.\(column)) \(mark)" }
            let markOld = { (column: String) in "INSERT INTO rate_dirty (person_id) VALUES (OLD.\(column)) \(mark)" }
            for statement in [
                trigger("people_rate_insert", "AFTER INSERT ON people", markNew("id")),
                trigger("people_rate_delete", "AFTER DELETE ON people", markOld("id")),
                trigger("people_rate_update", "AFTER UPDATE OF unit_id, category, professional_level ON people",
                        changed: ["unit_id", "category", "professional_level"], markNew("id")),
                trigger("history_rate_insert", "AFTER INSERT ON work_history", markNew("person_id")),
                trigger("history_rate_delete", "AFTER DELETE ON work_history", markOld("person_id")),
                trigger("history_rate_update", "AFTER UPDATE ON work_history",
                        changed: ["person_id", "unit_id", "category", "from_date", "to_date"],
                        markOld("person_id") + "; " + markNew("person_id")),
                trigger("qualifications_rate_insert", "AFTER INSERT ON qualifications", markNew("person_id")),
                trigger("qualifications_rate_delete", "AFTER DELETE ON qualifications", markOld("person_id")),
                trigger("qualifications_rate_update", "AFTER UPDATE ON qualifications",
                        changed: ["person_id", "kind", "level", "granted_on"],
                        markOld("person_id") + "; " + markNew("person_id")),
                trigger("units_rate_update", "AFTER UPDATE OF path, level ON units", changed: ["path", "level"],
                        unitPeople),
            ] {
                try await sql.raw(statement).run()
            }
        }
        try await sql.raw("INSERT INTO rate_dirty (person_id) SELECT id FROM people").run()
        try await RecordStore(database).settleCommuneRates()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS rate_dirty_mark() CASCADE").run()
        } else {
            for trigger in ["people_rate_insert", "people_rate_delete", "people_rate_update", "history_rate_insert",
                            "history_rate_delete", "history_rate_update", "qualifications_rate_insert",
                            "qualifications_rate_delete", "qualifications_rate_update", "units_rate_update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
        }
        for table in ["rate_deltas", "rate_spans", "rate_dirty"] {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
    }
}
