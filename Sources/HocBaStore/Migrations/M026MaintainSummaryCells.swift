import Fluent
import SQLKit

/// The summary report's cube kept as counts (`summary_cells`), exact in the same transaction as every write, by
/// triggers on both engines (docs/reports.md, "Counts kept as you write"):
///
/// - `unit_ancestors` holds every unit with each unit on its path, itself included, and the pseudo-unit 0 that
///   stands for "every unit" (a scope of the whole database).
/// - `summary_cells` holds, for every such ancestor and calendar month of the class's end date, the completed
///   enrolments by the report's dimensions (capacity, snapshot category and level, ethnic minority, programme type).
///   A report over whole months sums a handful of rows of one ancestor, however many records lie below it.
/// - `summary_cells_paused`, when it holds a row in the writing transaction, stops the triggers: a bulk load into an
///   empty database fills the tables at its end in one pass (`RecordStore.rebuildSummaryCells`) instead.
///
/// Writes that change a count: an enrolment's insert, delete or change of result, capacity, snapshot or class; a
/// class's end date or programme type; its deletion (its enrolments go with it); a person's ethnicity; a unit moved
/// under another parent (its subtree's counts move from the old ancestors to the new). A count that falls to zero
/// stays as a row of zero (the report's query skips it).
struct M026MaintainSummaryCells: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        let postgres = sql.dialect.name == "postgresql"
        let rowOptions = postgres ? "" : " WITHOUT ROWID"
        try await sql.raw("""
            CREATE TABLE unit_ancestors (unit_id INTEGER NOT NULL, ancestor_id INTEGER NOT NULL,
                                         PRIMARY KEY (unit_id, ancestor_id))\(unsafeRaw: rowOptions)
            """).run()
        try await sql.raw("""
            CREATE TABLE summary_cells (
                ancestor_id INTEGER NOT NULL, month TEXT NOT NULL, capacity TEXT NOT NULL, category TEXT NOT NULL,
                level TEXT NOT NULL, minority INTEGER NOT NULL, programme_type TEXT NOT NULL, n BIGINT NOT NULL,
                PRIMARY KEY (ancestor_id, month, capacity, category, level, minority, programme_type))\(unsafeRaw: rowOptions)
            """).run()
        try await sql.raw("CREATE TABLE summary_cells_paused (paused INTEGER NOT NULL)").run()
        let triggers = SummaryCellTriggers(isPostgres: postgres)
        for statement in postgres ? triggers.postgresStatements : triggers.sqliteStatements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await RecordStore(database).rebuildSummaryCells()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "postgresql" {
            for function in ["summary_cells_enrolment", "summary_cells_class", "summary_cells_person",
                             "summary_cells_unit"] {
                try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: function)() CASCADE").run()
            }
        } else {
            for trigger in ["enrolments_cells_insert", "enrolments_cells_delete", "enrolments_cells_update",
                            "classes_cells_update", "classes_cells_delete", "people_cells_update",
                            "units_cells_insert", "units_cells_path", "units_cells_delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
        }
        for table in ["summary_cells_paused", "summary_cells", "unit_ancestors"] {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
    }
}

/// The trigger statements of M026, written once for both engines: each change is "add these counts, signed, to
/// every ancestor's cells" (an upsert), with `R` standing for the changed row (NEW or OLD).
private struct SummaryCellTriggers {
    let isPostgres: Bool

    static let upsert = """
        ON CONFLICT (ancestor_id, month, capacity, category, level, minority, programme_type)
        DO UPDATE SET n = summary_cells.n + excluded.n
        """
    static let columns = "INSERT INTO summary_cells (ancestor_id, month, capacity, category, level, minority, programme_type, n)"
    static let running = "NOT EXISTS (SELECT 1 FROM summary_cells_paused)"

    /// One enrolment row `r`, counted with `sign` when it is completed.
    func enrolment(_ r: String, _ sign: String) -> String {
        """
        \(Self.columns)
        SELECT a.ancestor_id, substr(c.end_date, 1, 7), \(r).capacity, \(r).snapshot_category, \(r).snapshot_unit_level,
               CASE WHEN \(minority("p")) THEN 1 ELSE 0 END, c.programme_type, \(sign)1
        FROM unit_ancestors a, classes c, people p
        WHERE a.unit_id = \(r).snapshot_unit_id AND c.id = \(r).class_id AND p.id = \(r).person_id
          AND \(r).result = 'HOAN-THANH'
        \(Self.upsert)
        """
    }

    /// Every completed enrolment of class row `r`, counted with `sign` under the class's end date and type.
    func classEnrolments(_ r: String, _ sign: String) -> String {
        """
        \(Self.columns)
        SELECT a.ancestor_id, substr(\(r).end_date, 1, 7), e.capacity, e.snapshot_category, e.snapshot_unit_level,
               CASE WHEN \(minority("p")) THEN 1 ELSE 0 END, \(r).programme_type, \(sign)count(*)
        FROM enrolments e JOIN people p ON p.id = e.person_id JOIN unit_ancestors a ON a.unit_id = e.snapshot_unit_id
        WHERE e.class_id = \(r).id AND e.result = 'HOAN-THANH'
        GROUP BY a.ancestor_id, e.capacity, e.snapshot_category, e.snapshot_unit_level,
                 CASE WHEN \(minority("p")) THEN 1 ELSE 0 END
        \(Self.upsert)
        """
    }

    /// Every completed enrolment of person row `r`, counted with `sign` under that row's ethnicity.
    func personEnrolments(_ r: String, _ sign: String) -> String {
        """
        \(Self.columns)
        SELECT a.ancestor_id, substr(c.end_date, 1, 7), e.capacity, e.snapshot_category, e.snapshot_unit_level,
               CASE WHEN \(minority(r)) THEN 1 ELSE 0 END, c.programme_type, \(sign)count(*)
        FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN unit_ancestors a ON a.unit_id = e.snapshot_unit_id
        WHERE e.person_id = \(r).id AND e.result = 'HOAN-THANH'
        GROUP BY a.ancestor_id, substr(c.end_date, 1, 7), e.capacity, e.snapshot_category, e.snapshot_unit_level,
                 c.programme_type
        \(Self.upsert)
        """
    }

    /// A unit moved under another parent: the counts of its subtree (its own cells) leave the ancestors it no
    /// longer has and join the ones it gains. Its descendants' paths change too, but not their parents: their
    /// counts came along with the unit's.
    var unitMoved: [String] {
        [
            """
            \(Self.columns)
            SELECT a.ancestor_id, s.month, s.capacity, s.category, s.level, s.minority, s.programme_type, -s.n
            FROM unit_ancestors a, summary_cells s
            WHERE a.unit_id = NEW.id AND a.ancestor_id <> 0 AND a.ancestor_id <> NEW.id
              AND NOT \(onPath("NEW.path", "a.ancestor_id")) AND s.ancestor_id = NEW.id
              AND \(distinct("OLD.parent_id", "NEW.parent_id"))
            \(Self.upsert)
            """,
            """
            \(Self.columns)
            SELECT u.id, s.month, s.capacity, s.category, s.level, s.minority, s.programme_type, s.n
            FROM units u, summary_cells s
            WHERE \(onPath("NEW.path", "u.id")) AND u.id <> NEW.id
              AND NOT EXISTS (SELECT 1 FROM unit_ancestors a WHERE a.unit_id = NEW.id AND a.ancestor_id = u.id)
              AND s.ancestor_id = NEW.id AND \(distinct("OLD.parent_id", "NEW.parent_id"))
            \(Self.upsert)
            """,
        ] + unitAncestors
    }

    /// The unit's row of ancestors, read from its path (the ids on it) — not from other units' paths, which a
    /// move of a subtree rewrites one by one.
    var unitAncestors: [String] {
        [
            "DELETE FROM unit_ancestors WHERE unit_id = NEW.id",
            """
            INSERT INTO unit_ancestors (unit_id, ancestor_id)
            SELECT NEW.id, 0 UNION SELECT NEW.id, NEW.id UNION SELECT NEW.id, u.id FROM units u WHERE \(onPath("NEW.path", "u.id"))
            """,
        ]
    }

    var unitDeleted: [String] {
        ["DELETE FROM unit_ancestors WHERE unit_id = OLD.id",
         "DELETE FROM summary_cells WHERE ancestor_id = OLD.id"]
    }

    func minority(_ person: String) -> String {
        "(\(person).ethnicity IS NOT NULL AND \(person).ethnicity <> '' AND \(person).ethnicity <> 'Kinh')"
    }

    func onPath(_ path: String, _ id: String) -> String {
        isPostgres ? "position('/' || \(id) || '/' in \(path)) > 0" : "instr(\(path), '/' || \(id) || '/') > 0"
    }

    func distinct(_ a: String, _ b: String) -> String {
        isPostgres ? "\(a) IS DISTINCT FROM \(b)" : "\(a) IS NOT \(b)"
    }

    var sqliteStatements: [String] {
        func trigger(_ name: String, _ event: String, when: String = "", _ body: [String]) -> String {
            let condition = when.isEmpty ? Self.running : "\(when) AND \(Self.running)"
            return "CREATE TRIGGER \(name) \(event) FOR EACH ROW WHEN \(condition) BEGIN\n"
                + body.map { $0 + ";\n" }.joined() + "END"
        }
        let enrolmentColumns = "result, capacity, snapshot_category, snapshot_unit_id, snapshot_unit_level, class_id, person_id"
        return [
            trigger("enrolments_cells_insert", "AFTER INSERT ON enrolments", [enrolment("NEW", "")]),
            trigger("enrolments_cells_delete", "AFTER DELETE ON enrolments", [enrolment("OLD", "-")]),
            trigger("enrolments_cells_update", "AFTER UPDATE OF \(enrolmentColumns) ON enrolments",
                    [enrolment("OLD", "-"), enrolment("NEW", "")]),
            trigger("classes_cells_update", "AFTER UPDATE OF end_date, programme_type ON classes",
                    [classEnrolments("OLD", "-"), classEnrolments("NEW", "")]),
            // Before: the enrolments a deleted class takes with it no longer find their class afterwards.
            trigger("classes_cells_delete", "BEFORE DELETE ON classes", [classEnrolments("OLD", "-")]),
            trigger("people_cells_update", "AFTER UPDATE OF ethnicity ON people",
                    when: "\(minority("OLD")) IS NOT \(minority("NEW"))",
                    [personEnrolments("OLD", "-"), personEnrolments("NEW", "")]),
            trigger("units_cells_insert", "AFTER INSERT ON units", unitAncestors),
            trigger("units_cells_path", "AFTER UPDATE OF path ON units", unitMoved),
            trigger("units_cells_delete", "AFTER DELETE ON units", unitDeleted),
        ]
    }

    var postgresStatements: [String] {
        // A BEFORE DELETE trigger that returns NULL would cancel the delete: every function returns the row.
        let done = "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        func function(_ name: String, _ body: String) -> String {
            """
            CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM summary_cells_paused) THEN \(done) END IF;
                -- The trail's writer lock first (AuditLog.append takes it too): writers then reach the shared count
                -- rows one transaction at a time, in one order, and never deadlock on them.
                LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE;
            \(body)
                \(done)
            END $$
            """
        }
        func block(_ statements: [String]) -> String { statements.map { $0 + ";\n" }.joined() }
        let enrolmentColumns = "result, capacity, snapshot_category, snapshot_unit_id, snapshot_unit_level, class_id, person_id"
        return [
            function("summary_cells_enrolment", """
                IF TG_OP <> 'INSERT' THEN \(enrolment("OLD", "-")); END IF;
                IF TG_OP <> 'DELETE' THEN \(enrolment("NEW", "")); END IF;
                """),
            function("summary_cells_class", """
                \(classEnrolments("OLD", "-"));
                IF TG_OP = 'UPDATE' THEN \(classEnrolments("NEW", "")); END IF;
                """),
            function("summary_cells_person", """
                IF \(minority("OLD")) IS DISTINCT FROM \(minority("NEW")) THEN
                    \(personEnrolments("OLD", "-"));
                    \(personEnrolments("NEW", ""));
                END IF;
                """),
            function("summary_cells_unit", """
                IF TG_OP = 'DELETE' THEN
                    \(block(unitDeleted))
                ELSIF TG_OP = 'INSERT' THEN
                    \(block(unitAncestors))
                ELSE
                    \(block(unitMoved))
                END IF;
                """),
            "CREATE TRIGGER enrolments_cells AFTER INSERT OR DELETE OR UPDATE OF \(enrolmentColumns) ON enrolments "
                + "FOR EACH ROW EXECUTE FUNCTION summary_cells_enrolment()",
            "CREATE TRIGGER classes_cells_update AFTER UPDATE OF end_date, programme_type ON classes "
                + "FOR EACH ROW EXECUTE FUNCTION summary_cells_class()",
            "CREATE TRIGGER classes_cells_delete BEFORE DELETE ON classes "
                + "FOR EACH ROW EXECUTE FUNCTION summary_cells_class()",
            "CREATE TRIGGER people_cells AFTER UPDATE OF ethnicity ON people "
                + "FOR EACH ROW EXECUTE FUNCTION summary_cells_person()",
            "CREATE TRIGGER units_cells AFTER INSERT OR DELETE OR UPDATE OF path ON units "
                + "FOR EACH ROW EXECUTE FUNCTION summary_cells_unit()",
        ]
    }
}
