import Foundation

/// Certificates (issue 18, docs/certificates.md): an institution's register numbers them per year without gaps,
/// each carries a public verification code, and a verifier reads its status without an account.

/// How a register number is written: `{CO_SO}` the institution's code, `{NAM}` the year, `{SO:6}` the serial padded
/// to 6 digits (`{SO}`: no padding). The default gives `TCT-2026-000123`.
public struct CertificateNumberPattern: Sendable, Equatable {
    public static let standard = CertificateNumberPattern(checked: "{CO_SO}-{NAM}-{SO:6}")

    public let text: String

    private init(checked text: String) { self.text = text }

    /// Nil unless the pattern holds the serial (`{SO}` or `{SO:n}`, n from 1 to 9): without it numbers repeat.
    public init?(_ text: String) {
        guard text.range(of: #"\{SO(:[1-9])?\}"#, options: .regularExpression) != nil, text.count <= 60 else { return nil }
        self.text = text
    }

    public func number(institution: String, year: Int, serial: Int) -> String {
        var result = text.replacingOccurrences(of: "{CO_SO}", with: institution)
            .replacingOccurrences(of: "{NAM}", with: String(year))
        if let range = result.range(of: #"\{SO(:[1-9])?\}"#, options: .regularExpression) {
            let token = result[range]
            let width = token.count > 4 ? Int(String(token.dropFirst(4).dropLast())) ?? 0 : 0
            let digits = String(serial)
            result.replaceSubrange(range, with: String(repeating: "0", count: max(0, width - digits.count)) + digits)
        }
        return result
    }
}

/// The code a certificate's QR carries: 100 random bits in base32 (RFC 4648 alphabet, 20 characters), drawn from the
/// system's cryptographic generator, unrelated to the number — a verifier cannot guess another.
public enum VerificationCode {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    public static let length = 20

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt8(32)))] })
    }

    /// Whether `text` could be a code (a verifier's typing is read case-insensitively).
    public static func normalised(_ text: String) -> String? {
        let upper = text.uppercased()
        guard upper.count == length, upper.allSatisfy(alphabet.contains) else { return nil }
        return upper
    }
}

public enum CertificateStatus: String, Sendable, Codable, CaseIterable {
    case valid = "HIEU-LUC"
    case revoked = "THU-HOI"
    case expired = "HET-HAN"

    public var label: String {
        switch self {
        case .valid: "Còn hiệu lực"
        case .revoked: "Đã thu hồi"
        case .expired: "Đã hết hạn"
        }
    }
}

/// What a certificate is called on paper: "Chứng chỉ" for the programmes that lead to one (a rank's or position's
/// standard, pre-appointment, leadership, political theory), "Giấy chứng nhận" for the others. A provincial choice
/// (docs/certificates.md): the programme types are the province's catalogue.
public enum CertificateTitle {
    public static let certificateProgrammes: Set<String> = ["NGACH", "BONHIEM", "LDQL", "VTVL", "LLCT"]

    public static func title(programmeType: String) -> String {
        certificateProgrammes.contains(programmeType) ? "CHỨNG CHỈ" : "GIẤY CHỨNG NHẬN"
    }
}

/// A programme type whose certificates expire: `{"programmeType": "QPAN", "years": 5, "basis": "…"}`.
public struct CertificateValidity: Hashable, Sendable, Codable {
    public var programmeType: String
    public var years: Int
    /// The legal basis, or `TrainingStandards.provincialChoice` with an explanation.
    public var basis: String

    public init(programmeType: String, years: Int, basis: String) {
        self.programmeType = programmeType
        self.years = years
        self.basis = basis
    }
}
