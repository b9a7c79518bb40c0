import Vapor
import HocBaCore
import HocBaStore

/// One choice of a select box.
struct Option: Encodable {
    let value: String
    let label: String
    let selected: Bool

    /// A unit picker: the blank choice first, then the units indented by depth (communes left out for reports).
    static func units(_ nodes: [UnitNode], selected: String?, blank: String, communes: Bool = true) -> [Option] {
        let selected = selected.flatMap { $0.isEmpty ? nil : $0 }
        return [Option(value: "", label: blank, selected: selected == nil)]
            + nodes.filter { communes || $0.level != UnitLevel.commune.rawValue }.map {
                Option(value: $0.code, label: Display.indent($0.depth) + $0.name, selected: $0.code == selected)
            }
    }

    static func list(_ list: CodeList, selected: String?, blank: String? = nil) -> [Option] {
        var options = blank.map { [Option(value: "", label: $0, selected: selected == nil || selected == "")] } ?? []
        options += list.entries.map { Option(value: $0.code, label: $0.label, selected: $0.code == selected) }
        return options
    }
}

/// One field of a form as the shared form template renders it: what was typed stays, the error sits next to it.
struct FormField: Encodable {
    let name: String
    let label: String
    let kind: String
    let value: String
    let options: [Option]
    let error: String?
    let required: Bool
    let placeholder: String?
    let checked: Bool

    static func text(_ name: String, _ label: String, values: [String: String], errors: [String: String],
                     required: Bool = false, placeholder: String? = nil) -> FormField {
        FormField(name: name, label: label, kind: "text", value: values[name] ?? "", options: [],
                  error: errors[name], required: required, placeholder: placeholder, checked: false)
    }

    static func date(_ name: String, _ label: String, values: [String: String], errors: [String: String],
                     required: Bool = false) -> FormField {
        text(name, label, values: values, errors: errors, required: required, placeholder: "dd/mm/yyyy")
    }

    static func select(_ name: String, _ label: String, _ options: [Option], errors: [String: String],
                       required: Bool = false) -> FormField {
        FormField(name: name, label: label, kind: "select", value: "", options: options, error: errors[name],
                  required: required, placeholder: nil, checked: false)
    }

    static func textarea(_ name: String, _ label: String, values: [String: String], errors: [String: String])
        -> FormField {
        FormField(name: name, label: label, kind: "textarea", value: values[name] ?? "", options: [], error: errors[name],
                  required: true, placeholder: nil, checked: false)
    }

    /// A password box: what was typed is never sent back.
    static func password(_ name: String, _ label: String, errors: [String: String], required: Bool = true) -> FormField {
        FormField(name: name, label: label, kind: "password", value: "", options: [], error: errors[name],
                  required: required, placeholder: nil, checked: false)
    }

    static func checkbox(_ name: String, _ label: String, checked: Bool) -> FormField {
        FormField(name: name, label: label, kind: "checkbox", value: "co", options: [], error: nil, required: false,
                  placeholder: nil, checked: checked)
    }
}

/// A whole form: where it posts, where "Hủy" leads, its fields, and problems that belong to no single field.
struct FormView: Encodable {
    let action: String
    let submitLabel: String
    let cancelLink: String
    let fields: [FormField]
    let generalErrors: [String]

    init(action: SiteRoute, submitLabel: String, cancel: SiteRoute, fields: [FormField], errors: [String: String]) {
        self.action = action.path
        self.submitLabel = submitLabel
        self.cancelLink = cancel.path
        self.fields = fields
        let fieldNames = Set(fields.map(\.name))
        self.generalErrors = errors.filter { !fieldNames.contains($0.key) }.map(\.value).sorted()
    }
}

struct FormPage: Encodable {
    let heading: String
    let form: FormView
}
