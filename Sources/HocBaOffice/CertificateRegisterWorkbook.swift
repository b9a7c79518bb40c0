import HocBaCore

/// The register of certificates as schools keep it on paper (sổ gốc cấp chứng chỉ): a title, the institution and
/// the year, then one numbered line per certificate with the holder, the course, the result, the number and date of
/// issue, the signer, a column for the holder's signature on receipt, and the remarks (revocations).
public enum CertificateRegisterWorkbook {
    public struct Line: Sendable {
        public let number: String
        public let fullName: String
        public let birthDate: Day?
        public let personCode: String
        public let unitName: String
        public let course: String
        public let period: String
        public let result: String
        public let issuedOn: Day?
        public let signer: String
        public let remarks: String

        public init(number: String, fullName: String, birthDate: Day?, personCode: String, unitName: String,
                    course: String, period: String, result: String, issuedOn: Day?, signer: String, remarks: String) {
            self.number = number
            self.fullName = fullName
            self.birthDate = birthDate
            self.personCode = personCode
            self.unitName = unitName
            self.course = course
            self.period = period
            self.result = result
            self.issuedOn = issuedOn
            self.signer = signer
            self.remarks = remarks
        }
    }

    static let headers = ["STT", "Số hiệu chứng chỉ (số vào sổ)", "Họ và tên", "Ngày sinh", "Mã cán bộ", "Đơn vị công tác",
                          "Khóa học", "Thời gian học", "Kết quả", "Ngày cấp", "Người ký", "Người nhận ký, ghi rõ họ tên",
                          "Ghi chú"]

    /// `heading`: "Trường Chính trị tỉnh Bắc Kạn", `scope`: "Lớp … " or "Năm 2026".
    public static func make(heading: String, scope: String, lines: [Line]) -> Workbook {
        var sheet = Worksheet(name: "So cap chung chi",
                              columnWidths: [6, 20, 24, 11, 12, 24, 30, 22, 12, 11, 18, 22, 24],
                              landscape: true, fitToWidth: true)
        let width = headers.count
        _ = sheet.appendMerged(.text("SỔ GỐC CẤP CHỨNG CHỈ, GIẤY CHỨNG NHẬN", .title), columns: width, height: 24)
        _ = sheet.appendMerged(.text(heading, .subtitle), columns: width)
        _ = sheet.appendMerged(.text(scope, .subtitle), columns: width)
        sheet.append(headers.map { .text($0, .header) })
        sheet.frozenRows = 4
        for (index, line) in lines.enumerated() {
            sheet.append([
                .integer(index + 1), .text(line.number, .code), .text(line.fullName), .day(line.birthDate),
                .text(line.personCode, .code), .text(line.unitName), .text(line.course), .text(line.period),
                .text(line.result), .day(line.issuedOn), .text(line.signer), .blank(), .text(line.remarks),
            ])
        }
        return Workbook(sheets: [sheet], title: "Sổ gốc cấp chứng chỉ")
    }
}
