/// A prefix put before every code of an imported file (`hocba import FILE --code-prefix P`), so that two old
/// provinces whose files both use `CB0001` or `BABE` can be held side by side in the merged province's database.
///
/// Every code the file defines and every code it refers to takes the prefix: units (their parent and successor
/// too), job positions (a province's own catalogue; in CanBo and QuaTrinh too), people (in CanBo, QuaTrinh,
/// VanBang, HocVien), institutions (in GiangVien and LopHoc), instructors,
/// classes (in HocVien and KinhPhi), the organising unit of a class, and funding documents. A reference to a record
/// outside the file (a unit already in the database) is prefixed too, so the rule is one and predictable; the
/// DonVi sheet that links the old provinces to the new one is imported without a prefix, naming the prefixed codes.
/// Not codes and left as they are: ranks (`Mã ngạch`, a national list), the code lists (Cấp, Đối tượng, …) and
/// certificate numbers (each institution's own, and the institutions are prefixed).
public struct CodePrefix: Sendable, Hashable {
    public let text: String

    /// A prefix leaves room for a code: every code, prefixed, must still fit in `FieldReader.code`'s 40 characters.
    public static let maximumLength = 20
    static let codeLimit = 40

    /// Reads the prefix as typed (an option, a form field): not empty, letters without diacritics, digits and
    /// `. _ -`, at most 20 characters.
    public static func read(_ typed: String, field: String = "code_prefix") -> Result<CodePrefix, ValidationFailure> {
        let text = typed.trimmedOfWhitespace
        if text.isEmpty {
            return .failure(ValidationFailure(field: field, "Tiền tố mã không được để trống."))
        }
        let allowed = text.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0)
        }
        if !allowed {
            return .failure(ValidationFailure(field: field,
                "Tiền tố mã \"\(text)\" chỉ được gồm chữ không dấu, chữ số và . _ - (ví dụ BK- hoặc TN.)."))
        }
        if text.count > maximumLength {
            return .failure(ValidationFailure(field: field,
                "Tiền tố mã \"\(text)\" dài \(text.count) ký tự; tối đa \(maximumLength) ký tự."))
        }
        return .success(CodePrefix(text: text))
    }

    private init(text: String) {
        self.text = text
    }

    func apply(_ code: String) -> String { text + code }
    func apply(_ code: String?) -> String? { code.map(apply) }
}

extension ImportBatch {
    /// The same rows with every code and every reference to a code prefixed (`CodePrefix`). A code that the
    /// prefix makes longer than 40 characters is a problem of its row and column; the rows are still given back
    /// prefixed, and the problems keep the file from being written.
    public func prefixingCodes(with prefix: CodePrefix) -> ImportBatch {
        var batch = self
        var checker = PrefixedCodeChecker(batch: self, prefix: prefix)
        batch.institutions = institutions.map { row in
            checker.prefixed(row, .institutions, ["code": row.draft.code]) { draft in
                draft.code = prefix.apply(draft.code)
            }
        }
        batch.units = units.map { row in
            checker.prefixed(row, .units, ["code": row.draft.code, "parent_code": row.draft.parentCode,
                                           "merged_into_code": row.draft.mergedIntoCode]) { draft in
                draft.code = prefix.apply(draft.code)
                draft.parentCode = prefix.apply(draft.parentCode)
                draft.mergedIntoCode = prefix.apply(draft.mergedIntoCode)
            }
        }
        // A province's job positions are its own catalogue: two provinces may both have a "VT-CV".
        batch.positions = positions.map { row in
            checker.prefixed(row, .positions, ["code": row.draft.code, "unit_code": row.draft.unitCode]) { draft in
                draft.code = prefix.apply(draft.code)
                draft.unitCode = prefix.apply(draft.unitCode)
            }
        }
        batch.people = people.map { row in
            checker.prefixed(row, .people, ["code": row.draft.code, "unit_code": row.draft.unitCode,
                                            "position_code": row.draft.positionCode]) { draft in
                draft.code = prefix.apply(draft.code)
                draft.unitCode = prefix.apply(draft.unitCode)
                draft.positionCode = prefix.apply(draft.positionCode)
            }
        }
        batch.history = history.map { row in
            checker.prefixed(row, .history, ["person_code": row.draft.personCode,
                                             "unit_code": row.draft.period.unitCode,
                                             "position_code": row.draft.period.positionCode]) { draft in
                draft.personCode = prefix.apply(draft.personCode)
                draft.period.unitCode = prefix.apply(draft.period.unitCode)
                draft.period.positionCode = prefix.apply(draft.period.positionCode)
            }
        }
        batch.qualifications = qualifications.map { row in
            checker.prefixed(row, .qualifications, ["person_code": row.draft.personCode]) { draft in
                draft.personCode = prefix.apply(draft.personCode)
            }
        }
        batch.ratings = ratings.map { row in
            checker.prefixed(row, .ratings, ["person_code": row.draft.personCode]) { draft in
                draft.personCode = prefix.apply(draft.personCode)
            }
        }
        batch.instructors = instructors.map { row in
            checker.prefixed(row, .instructors, ["code": row.draft.code,
                                                 "institution_code": row.draft.institutionCode]) { draft in
                draft.code = prefix.apply(draft.code)
                draft.institutionCode = prefix.apply(draft.institutionCode)
            }
        }
        batch.classes = classes.map { row in
            checker.prefixed(row, .classes, ["code": row.draft.code, "institution_code": row.draft.institutionCode,
                                             "organising_unit_code": row.draft.organisingUnitCode]) { draft in
                draft.code = prefix.apply(draft.code)
                draft.institutionCode = prefix.apply(draft.institutionCode)
                draft.organisingUnitCode = prefix.apply(draft.organisingUnitCode)
            }
        }
        batch.enrolments = enrolments.map { row in
            checker.prefixed(row, .enrolments, ["class_code": row.draft.classCode,
                                                "person_code": row.draft.personCode]) { draft in
                draft.classCode = prefix.apply(draft.classCode)
                draft.personCode = prefix.apply(draft.personCode)
            }
        }
        batch.funding = funding.map { row in
            // A document number is not a code of FieldReader's kind (no length limit): only the class is checked.
            checker.prefixed(row, .funding, ["class_code": row.draft.classCode]) { draft in
                draft.documentNumber = prefix.apply(draft.documentNumber)
                draft.classCode = prefix.apply(draft.classCode)
            }
        }
        for problem in checker.problems { batch.add(problem) }
        return batch
    }
}

/// Names each code the prefix makes too long, by sheet, row and column.
private struct PrefixedCodeChecker {
    let batch: ImportBatch
    let prefix: CodePrefix
    var problems: [ImportProblem] = []

    init(batch: ImportBatch, prefix: CodePrefix) {
        self.batch = batch
        self.prefix = prefix
    }

    /// The row with `change` applied, after checking the prefixed length of each of `codes` (field → code).
    mutating func prefixed<Draft>(_ row: ImportedRow<Draft>, _ sheet: WorkbookSheet, _ codes: KeyValuePairs<String, String?>,
                                  _ change: (inout Draft) -> Void) -> ImportedRow<Draft> {
        for (field, code) in codes {
            guard let code, prefix.text.count + code.count > CodePrefix.codeLimit else { continue }
            problems.append(ImportProblem(
                sheet: batch.name(of: sheet), row: row.row, column: sheet.column(field: field)?.header,
                message: "Mã \"\(code)\" thêm tiền tố \"\(prefix.text)\" thành \(prefix.text.count + code.count) "
                    + "ký tự; mã dài tối đa \(CodePrefix.codeLimit) ký tự. Hãy chọn tiền tố ngắn hơn."))
        }
        var draft = row.draft
        change(&draft)
        return ImportedRow(row: row.row, draft: draft)
    }
}
