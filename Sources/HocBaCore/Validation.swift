import Foundation

/// Validation of input before anything is written: every problem is collected, each tied to the field it concerns,
/// with a Vietnamese message fit to show next to that field or on one CLI line.
public struct FieldProblem: Hashable, Sendable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    public let problems: [FieldProblem]

    public init(_ problems: [FieldProblem]) {
        self.problems = problems
    }

    public init(field: String, _ message: String) {
        self.problems = [FieldProblem(field: field, message: message)]
    }

    /// Field name → first message, for forms.
    public var byField: [String: String] {
        var result: [String: String] = [:]
        for problem in problems where result[problem.field] == nil { result[problem.field] = problem.message }
        return result
    }

    public var description: String { problems.map(\.message).joined(separator: " ") }
}

/// Raw text fields as a form or a spreadsheet row supplies them; blank values count as absent.
public struct RawFields: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    public subscript(_ field: String) -> String? {
        guard let value = values[field]?.trimmedOfWhitespace, !value.isEmpty else {
            return nil
        }
        return value
    }
}

/// Collects problems while reading raw fields into typed values.
public struct FieldReader {
    public let fields: RawFields
    public private(set) var problems: [FieldProblem] = []

    public init(_ fields: RawFields) {
        self.fields = fields
    }

    public mutating func fail(_ field: String, _ message: String) {
        problems.append(FieldProblem(field: field, message: message))
    }

    public mutating func required(_ field: String, _ label: String) -> String {
        guard let value = fields[field] else {
            fail(field, "Chưa nhập \(label).")
            return ""
        }
        return value
    }

    public func optional(_ field: String) -> String? { fields[field] }

    /// A record code: letters, digits, `.`, `_`, `-`, at most 40 characters.
    public mutating func code(_ field: String, _ label: String) -> String {
        let value = required(field, label)
        guard !value.isEmpty else { return value }
        let allowed = value.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0)
        }
        if !allowed || value.count > 40 {
            fail(field, "\(label) chỉ gồm chữ không dấu, chữ số và . _ - (tối đa 40 ký tự).")
        }
        return value
    }

    public mutating func day(_ field: String, _ label: String, required isRequired: Bool) -> Day? {
        guard let text = fields[field] else {
            if isRequired { fail(field, "Chưa nhập \(label).") }
            return nil
        }
        guard let day = Day(parsing: text) else {
            fail(field, "\(label) không hợp lệ: \"\(text)\" (nhập dd/mm/yyyy).")
            return nil
        }
        return day
    }

    public mutating func integer(_ field: String, _ label: String, range: ClosedRange<Int>) -> Int? {
        guard let text = fields[field] else { return nil }
        let digits = text.filter { !".,  ".contains($0) }
        guard let value = Int(digits), range.contains(value) else {
            fail(field, "\(label) phải là số nguyên từ \(VietnameseNumber.grouped(range.lowerBound)) đến "
                 + "\(VietnameseNumber.grouped(range.upperBound)).")
            return nil
        }
        return value
    }

    /// A code of `list`, given as the code or its label (case- and diacritics-insensitive).
    public mutating func coded(_ field: String, _ label: String, in list: CodeList, required isRequired: Bool) -> String? {
        guard let text = fields[field] else {
            if isRequired { fail(field, "Chưa chọn \(label).") }
            return nil
        }
        guard let entry = list.resolve(text) else {
            fail(field, "\(label) \"\(text)\" không có trong danh mục.")
            return nil
        }
        return entry.code
    }

    /// Checks that `to`, when given, is not before `from`.
    public mutating func period(from: Day?, to: Day?, toField: String) {
        if let from, let to, to < from {
            fail(toField, "Ngày kết thúc (\(to.vietnamese)) trước ngày bắt đầu (\(from.vietnamese)).")
        }
    }

    public func result<T>(_ value: T) -> Result<T, ValidationFailure> {
        problems.isEmpty ? .success(value) : .failure(ValidationFailure(problems))
    }
}

extension String {
    /// The text without leading and trailing white space (line breaks included). Most cells have none, and they
    /// cost no copy: imports trim every cell, and Foundation's `trimmingCharacters` copied each through NSString.
    public var trimmedOfWhitespace: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
