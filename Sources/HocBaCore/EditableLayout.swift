/// A report layout that a province may adjust because the official form is unconfirmed (domain-brief §4): stored
/// as JSON, seeded with `standard`, and refused with Vietnamese reasons when it names unknown codes.
public protocol EditableLayout: Codable, Sendable {
    /// The name it is stored under.
    static var storageName: String { get }
    static var standard: Self { get }
    var problems: [String] { get }
    /// Codes of the job-position catalogue the layout names, which must exist when it is saved.
    var positionCodes: Set<String> { get }
}

extension EditableLayout {
    public var positionCodes: Set<String> { [] }
}

extension QualityLayout: EditableLayout {
    public static let storageName = "commune-quality"
}

extension MatrixLayout: EditableLayout {
    public static let storageName = "training-matrix"
}

extension TrainingStandards: EditableLayout {
    public static let storageName = "training-standards"
    public static var standard: TrainingStandards { .defaults }
    public var problems: [String] { problems().map(\.message) }
    /// A position rule of a code not in the catalogue would never apply: its holders would quietly be checked
    /// against their rank.
    public var positionCodes: Set<String> { Set(positions.map(\.positionCode)) }
}
