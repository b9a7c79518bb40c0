/// Reading the standard workbook's sheets into drafts: headers recognised with no mapping, every cell read by its
/// column, every problem kept with its sheet, row and column. Pure: what the rows refer to in the database is the
/// store's to check (`RecordStore.checkImport`).

/// A problem (or a warning) in an imported file, where an officer can find it.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    /// The sheet's name as in the file (or the CSV file's name).
    public let sheet: String
    /// The row number in the sheet (1 is the header row); nil for the sheet as a whole.
    public let row: Int?
    /// The column's header as in the file; nil for a whole row or sheet.
    public let column: String?
    public let message: String

    public init(sheet: String, row: Int? = nil, column: String? = nil, message: String) {
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = message
    }

    /// "Trang CanBo, dòng 7, cột Ngày sinh: Ngày sinh không hợp lệ: …"
    public var description: String {
        var place = "Trang \(sheet)"
        if let row { place += ", dòng \(row)" }
        if let column { place += ", cột \(column)" }
        return place + ": " + message
    }
}

/// The editable catalogues the drafts are read against (the province may have added codes).
public struct ImportCatalogues: Sendable {
    public var programmeTypes: CodeList
    public var fundingSources: CodeList
    public var birthRegistrationProvinces: CodeList

    public init(programmeTypes: CodeList = .programmeTypes, fundingSources: CodeList = .fundingSources,
                birthRegistrationProvinces: CodeList = .birthRegistrationProvinces) {
        self.programmeTypes = programmeTypes
        self.fundingSources = fundingSources
        self.birthRegistrationProvinces = birthRegistrationProvinces
    }
}

public struct ImportedRow<Draft: Sendable & Equatable>: Sendable, Equatable {
    /// The row number in its sheet.
    public let row: Int
    public let draft: Draft

    public init(row: Int, draft: Draft) {
        self.row = row
        self.draft = draft
    }
}

/// Everything read from one or more files, in the standard workbook's terms.
public struct ImportBatch: Sendable {
    public var institutions: [ImportedRow<InstitutionDraft>] = []
    public var units: [ImportedRow<UnitDraft>] = []
    public var positions: [ImportedRow<PositionDraft>] = []
    public var people: [ImportedRow<PersonDraft>] = []
    public var history: [ImportedRow<HistoryDraft>] = []
    public var qualifications: [ImportedRow<QualificationDraft>] = []
    public var ratings: [ImportedRow<RatingDraft>] = []
    public var instructors: [ImportedRow<InstructorDraft>] = []
    public var classes: [ImportedRow<ClassDraft>] = []
    public var enrolments: [ImportedRow<EnrolmentDraft>] = []
    public var funding: [ImportedRow<FundingDraft>] = []
    /// The name each recognised sheet has in the file.
    public var sheetNames: [WorkbookSheet: String] = [:]
    /// The standard columns recognised in each sheet's header, in the file's order.
    public var recognisedColumns: [WorkbookSheet: [WorkbookColumn]] = [:]
    /// Blocking problems; nothing is written while there is one.
    public private(set) var problems: [ImportProblem] = []
    /// Problems beyond `problemLimit`, counted but not kept (a file of a million bad rows stays small in memory).
    public private(set) var droppedProblems = 0
    public var warnings: [ImportProblem] = []

    public static let problemLimit = 1_000

    public init() {}

    public var problemCount: Int { problems.count + droppedProblems }

    public mutating func add(_ problem: ImportProblem) {
        if problems.count < ImportBatch.problemLimit { problems.append(problem) } else { droppedProblems += 1 }
    }

    public func rowCount(_ sheet: WorkbookSheet) -> Int {
        switch sheet {
        case .institutions: institutions.count
        case .units: units.count
        case .positions: positions.count
        case .people: people.count
        case .history: history.count
        case .qualifications: qualifications.count
        case .ratings: ratings.count
        case .instructors: instructors.count
        case .classes: classes.count
        case .enrolments: enrolments.count
        case .funding: funding.count
        }
    }

    /// The name of `sheet` for messages: as in the file, else the standard name.
    public func name(of sheet: WorkbookSheet) -> String { sheetNames[sheet] ?? sheet.rawValue }
}

/// Reads one sheet of the standard workbook: first its header row, then its data rows, into a batch.
public struct SheetImporter {
    public let sheet: WorkbookSheet
    /// The sheet's name as in the file.
    public let name: String
    public let catalogues: ImportCatalogues
    /// Data rows a sheet may hold: far above a province's records, low enough to bound memory.
    public static let rowLimit = 200_000

    /// Column index in the file → the standard column it is.
    private var columnsByIndex: [Int: WorkbookColumn] = [:]
    /// Column index → the header as written in the file.
    private var headersByIndex: [Int: String] = [:]
    /// Key → the first row that had it.
    private var firstRowOfKey: [String: Int] = [:]
    public private(set) var dataRows = 0
    /// The header's row number, once read.
    public private(set) var headerRow: Int?
    /// False when the header row is unusable (missing required columns): data rows are then not read.
    public private(set) var headerIsUsable = false

    public init(sheet: WorkbookSheet, name: String, catalogues: ImportCatalogues) {
        self.sheet = sheet
        self.name = name
        self.catalogues = catalogues
    }

    /// Recognises the header row (ignoring case, diacritics, spaces, `_`, `-` and `*`); unknown columns are warned
    /// about and ignored, missing required columns and repeated columns are problems.
    /// With a `mapping` (a file in another layout), each header is the column the mapping says; headers it leaves
    /// out are recognised as usual, and those it maps to "" are ignored without a warning.
    public mutating func readHeader(_ cells: [SheetCell?], row: Int, mapping: ImportMapping.Sheet? = nil,
                                    into batch: inout ImportBatch) {
        batch.sheetNames[sheet] = name
        headerRow = row
        let known = Dictionary(sheet.columns.map { (VietnameseText.matchKey($0.header), $0) }, uniquingKeysWith: { a, _ in a })
        var seen: [String: String] = [:]
        var problems: [ImportProblem] = []
        for (index, cell) in cells.enumerated() {
            guard let cell, case .success(let text) = cell.fieldText(for: .text),
                  !text.trimmedOfWhitespace.isEmpty else { continue }
            let header = text.trimmedOfWhitespace
            let key = VietnameseText.matchKey(header)
            if let field = mapping?.columns[key], field.isEmpty { continue }
            guard let column = mapping?.columns[key].flatMap(sheet.column(field:)) ?? known[key] else {
                batch.warnings.append(ImportProblem(sheet: name, row: row, column: header,
                                                    message: "Cột không có trong mẫu chuẩn, bỏ qua."))
                continue
            }
            if let earlier = seen[column.field] {
                problems.append(ImportProblem(sheet: name, row: row, column: header,
                                              message: "Cột \"\(column.header)\" có hai lần (cột \"\(earlier)\" đã có)."))
                continue
            }
            seen[column.field] = header
            columnsByIndex[index] = column
            headersByIndex[index] = header
        }
        batch.recognisedColumns[sheet] = columnsByIndex.sorted { $0.key < $1.key }.map(\.value)
        for column in sheet.columns where column.required && seen[column.field] == nil {
            problems.append(ImportProblem(sheet: name, row: row, message: "Thiếu cột bắt buộc \"\(column.header)\"."))
        }
        problems.forEach { batch.add($0) }
        headerIsUsable = problems.isEmpty
    }

    /// Reads one data row into the batch, or records its problems. Blank rows are skipped.
    public mutating func readRow(_ cells: [SheetCell?], row: Int, into batch: inout ImportBatch) {
        guard headerIsUsable else { return }
        var values: [String: String] = [:]
        var problems: [ImportProblem] = []
        for (index, column) in columnsByIndex where index < cells.count {
            guard let cell = cells[index] else { continue }
            switch cell.fieldText(for: column.kind) {
            case .success(let text): values[column.field] = text
            case .failure(let problem):
                problems.append(ImportProblem(sheet: name, row: row, column: headersByIndex[index],
                                              message: "\(column.header) \(problem.message)"))
            }
        }
        guard problems.count > 0 || values.values.contains(where: { !$0.trimmedOfWhitespace.isEmpty })
        else { return }
        dataRows += 1
        if dataRows == SheetImporter.rowLimit + 1 {
            batch.add(ImportProblem(sheet: name, message: "Trang có hơn \(VietnameseNumber.grouped(SheetImporter.rowLimit)) "
                                    + "dòng dữ liệu; hãy chia thành nhiều tệp."))
        }
        guard dataRows <= SheetImporter.rowLimit else { return }
        if !problems.isEmpty {
            problems.forEach { batch.add($0) }
            return
        }
        read(RawFields(values), row: row, into: &batch)
    }

    private mutating func read(_ fields: RawFields, row: Int, into batch: inout ImportBatch) {
        switch sheet {
        case .institutions: keep(InstitutionDraft.read(fields), row, &batch, \.institutions) { [$0.code] }
        case .units: keep(UnitDraft.read(fields), row, &batch, \.units) { [$0.code] }
        case .positions: keep(PositionDraft.read(fields), row, &batch, \.positions) { [$0.code] }
        case .people:
            keep(PersonDraft.read(fields, provinces: catalogues.birthRegistrationProvinces), row, &batch, \.people) { [$0.code] }
        case .history: keep(HistoryDraft.read(fields), row, &batch, \.history) { [$0.personCode, $0.period.from.vietnamese] }
        case .qualifications:
            keep(QualificationDraft.read(fields), row, &batch, \.qualifications) {
                [$0.personCode, $0.qualification.kind.rawValue, $0.qualification.level]
            }
        case .ratings: keep(RatingDraft.read(fields), row, &batch, \.ratings) { [$0.personCode, String($0.year)] }
        case .instructors: keep(InstructorDraft.read(fields), row, &batch, \.instructors) { [$0.code] }
        case .classes:
            keep(ClassDraft.read(fields, programmeTypes: catalogues.programmeTypes), row, &batch, \.classes) { [$0.code] }
        case .enrolments: keep(EnrolmentDraft.read(fields, resultRequired: false), row, &batch, \.enrolments) { [$0.classCode, $0.personCode] }
        case .funding:
            keep(FundingDraft.read(fields, sources: catalogues.fundingSources), row, &batch, \.funding) { [$0.documentNumber] }
        }
    }

    /// Appends a read draft, or its problems; a key already seen in this sheet is a problem naming the first row.
    private mutating func keep<Draft>(_ result: Result<Draft, ValidationFailure>, _ row: Int, _ batch: inout ImportBatch,
                                      _ rows: WritableKeyPath<ImportBatch, [ImportedRow<Draft>]>,
                                      key: (Draft) -> [String]) {
        switch result {
        case .failure(let failure):
            for problem in failure.problems {
                batch.add(ImportProblem(sheet: name, row: row, column: header(of: problem.field), message: problem.message))
            }
        case .success(let draft):
            let parts = key(draft)
            let joined = parts.joined(separator: "\u{1F}")
            if let first = firstRowOfKey[joined] {
                let keyText = zip(sheet.keyFields, parts).map { field, value in
                    "\(sheet.column(field: field)?.header ?? field) = \(value)"
                }.joined(separator: ", ")
                batch.add(ImportProblem(sheet: name, row: row, message: "Trùng khóa (\(keyText)) với dòng \(first)."))
                return
            }
            firstRowOfKey[joined] = row
            batch[keyPath: rows].append(ImportedRow(row: row, draft: draft))
        }
    }

    /// The file's header for a draft field (the standard header when the file lacks that column).
    private func header(of field: String) -> String? {
        if let index = columnsByIndex.first(where: { $0.value.field == field })?.key { return headersByIndex[index] }
        return sheet.column(field: field)?.header
    }
}

extension ImportBatch {
    /// Reads sheets held in memory, each a list of rows whose first is the header; sheets not of the standard
    /// workbook are warned about. (Files are streamed by `WorkbookReading` instead.)
    public static func reading(_ sheets: [(name: String, rows: [[SheetCell?]])],
                               catalogues: ImportCatalogues = .init()) -> ImportBatch {
        var batch = ImportBatch()
        for (name, rows) in sheets {
            guard let sheet = WorkbookSheet.recognise(name) else {
                batch.warnings.append(ImportProblem(sheet: name, message: "Trang không thuộc mẫu chuẩn, bỏ qua."))
                continue
            }
            var importer = SheetImporter(sheet: sheet, name: name, catalogues: catalogues)
            for (index, row) in rows.enumerated() {
                if index == 0 {
                    importer.readHeader(row, row: 1, into: &batch)
                } else {
                    importer.readRow(row, row: index + 1, into: &batch)
                }
            }
        }
        return batch
    }
}

extension SheetCell {
    /// Rows of text cells, "" being an empty cell (for sheets typed in code: tests, examples).
    public static func textRows(_ rows: [[String]]) -> [[SheetCell?]] {
        rows.map { $0.map { $0.isEmpty ? nil : .text($0) } }
    }
}
