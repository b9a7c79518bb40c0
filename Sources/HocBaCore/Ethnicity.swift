/// The 54 recognised ethnic groups of Việt Nam. Everyone not `Kinh` counts as dân tộc thiểu số (DTTS).
public enum Ethnicity {
    public static let majority = "Kinh"

    public static let all: [String] = [
        "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na",
        "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng", "Khơ Mú",
        "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì",
        "Chu Ru", "Lào", "La Chí", "Kháng", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô",
        "Mảng", "Cơ Lao", "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
    ]

    /// The canonical spelling of an ethnic group typed any way ("hmong", "H'MÔNG", "tay"), or nil if unknown.
    public static func canonical(_ text: String) -> String? {
        byKey[key(text)]
    }

    private static func key(_ text: String) -> String { VietnameseText.matchKey(text).filter { $0 != "'" } }

    /// Match key → canonical name, built once (imports look up every person's ethnicity).
    private static let byKey: [String: String] = Dictionary(all.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })

    public static func isMinority(_ name: String?) -> Bool {
        guard let name, !name.isEmpty else { return false }
        return canonical(name) != majority
    }
}
