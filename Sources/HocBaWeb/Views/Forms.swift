import Vapor
import HocBaCore
import HocBaStore

/// One choice of a select box.
struct Option: Encodable {
    let value: String
    let label: String
    let selected: Bool

    /// A unit picker: the blank choice first, then the units indented by depth (communes left out for reports).
    /// A filter's picker (`narrowing`: a list's or a report's, applied and shown again) offers a reach too large for
    /// one list (a merged province's thousands of units, the whole country) as a tree one opens by choosing
    /// (`UnitPickerRule`); a form's picker lists every unit, since a form has no step to open the tree.
    static func units(_ nodes: [UnitNode], selected: String?, blank: String, communes: Bool = true,
                      narrowing: Bool = false) -> [Option] {
        let selected = selected.flatMap { $0.isEmpty ? nil : $0 }
        let reach = nodes.filter { communes || $0.level != UnitLevel.commune.rawValue }
        let offered = narrowing ? UnitPickerRule.offered(reach, selected: selected) : reach
        return [Option(value: "", label: blank, selected: selected == nil)]
            + offered.map {
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

/// Which units a picker lists. A reach of up to `everyUnitUpTo` units lists them all (a province). A larger one
/// lists the levels from the top that fit in `shallowUpTo` options, and around the unit chosen its ancestors, its
/// siblings and its children: choosing a province and applying the filter offers its districts, and so on down,
/// without sending thousands of options with every page.
enum UnitPickerRule {
    static let everyUnitUpTo = 600
    static let shallowUpTo = 300

    /// `nodes` in tree order (each unit after its parent, depth first), as `unitTree()` gives them.
    static func offered(_ nodes: [UnitNode], selected: String?) -> [UnitNode] {
        guard nodes.count > everyUnitUpTo else { return nodes }
        var perDepth: [Int: Int] = [:]
        for node in nodes { perDepth[node.depth, default: 0] += 1 }
        var shallowest = perDepth.keys.min() ?? 0
        var depth = shallowest, total = perDepth[shallowest] ?? 0
        while let next = perDepth[depth + 1], total + next <= shallowUpTo {
            depth += 1
            total += next
        }
        shallowest = depth
        var kept = Set(nodes.filter { $0.depth <= shallowest }.map(\.code))
        if let selected, let chosen = nodes.first(where: { $0.code == selected }) {
            let parents = Dictionary(nodes.map { ($0.code, $0.parentCode) }, uniquingKeysWith: { first, _ in first })
            var ancestor = chosen.parentCode
            while let code = ancestor {
                kept.insert(code)
                ancestor = parents[code] ?? nil
            }
            for node in nodes where node.code == selected || node.parentCode == selected
                || (node.parentCode != nil && node.parentCode == chosen.parentCode) {
                kept.insert(node.code)
            }
        }
        return nodes.filter { kept.contains($0.code) }
    }
}
