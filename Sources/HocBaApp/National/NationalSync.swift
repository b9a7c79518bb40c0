import Foundation
import HocBaCore
import HocBaStore
import HocBaOffice

/// Bringing changes into the national CBCCVC database (NĐ 27/2026/NĐ-CP) within three working days: what is still
/// to send and what is late (the page "Đồng bộ CSDL quốc gia"), the file that carries it (`hocba export
/// --changes-since`, the page's downloads), and the mark that it was delivered.
public enum NationalSync {
    public enum Format: String, CaseIterable, Sendable {
        case jsonl, xlsx
    }

    /// A person with changes not yet delivered: since when, and whether that is past the deadline.
    public struct Pending: Sendable {
        public let person: NationalChange
        /// The first undelivered change, in Việt Nam's calendar.
        public let since: Day
        public let deadline: Day
        public let isOverdue: Bool
    }

    public struct Status: Sendable {
        /// The trail's last entry when the status was taken: the page's downloads and its mark carry it.
        public let watermark: Int
        /// When it was taken.
        public let until: Date
        public let today: Day
        public let pending: [Pending]
        public let deliveries: [NationalDeliveryLine]
        /// Everyone of the scope without a personal ID (cannot be sent at all).
        public let withoutPersonalID: [NationalChange]

        public var overdue: [Pending] { pending.filter(\.isOverdue) }
        /// How many pending people can be sent (they have a personal ID): the file's people.
        public var sendable: Int { pending.filter { $0.person.personalID != nil }.count }
    }

    /// What the scope still has to send at `now`.
    public static func status(_ store: RecordStore, now: Date) async throws -> Status {
        let calendar = try await workingCalendar(store)
        let today = Day.inVietnam(at: now)
        let watermark = try await store.trailWatermark()
        let pending = try await store.nationalPending(upTo: watermark).map { person in
            let since = person.changes.first.flatMap { TrailTime.date($0.at) }.map(Day.inVietnam(at:)) ?? today
            return Pending(person: person, since: since, deadline: calendar.deadline(forChangeOn: since),
                           isOverdue: calendar.isOverdue(changedOn: since, today: today))
        }
        return Status(watermark: watermark, until: now, today: today, pending: pending,
                      deliveries: try await store.nationalDeliveries(),
                      withoutPersonalID: try await store.peopleWithoutPersonalID())
    }

    public static func workingCalendar(_ store: RecordStore) async throws -> WorkingCalendar {
        WorkingCalendar(holidays: try await store.catalogue(.publicHolidays))
    }

    /// A file of national records.
    public struct Export: Sendable {
        public let data: Data
        /// People in the file.
        public let people: Int
        /// Changed people left out because they have no personal ID.
        public let withoutPersonalID: [NationalChange]
    }

    /// Everyone of the scope changed after `since`, up to the trail's entry `watermark`, as a file (`hocba export
    /// --changes-since`).
    public static func changes(_ store: RecordStore, since: Date, upTo watermark: Int,
                               format: Format) async throws -> Export {
        try await export(try await store.nationalChanges(after: since, upTo: watermark), store, format: format)
    }

    /// Everything of the scope not yet delivered up to the trail's entry `watermark` (the page's download).
    public static func pending(_ store: RecordStore, upTo watermark: Int, format: Format) async throws -> Export {
        try await export(try await store.nationalPending(upTo: watermark), store, format: format)
    }

    private static func export(_ changed: [NationalChange], _ store: RecordStore, format: Format) async throws -> Export {
        let records = try await store.nationalRecords(for: changed)
        let data = switch format {
        case .jsonl: try jsonLines(records)
        case .xlsx: try workbook(records)
        }
        return Export(data: data, people: records.count, withoutPersonalID: changed.filter { $0.personalID == nil })
    }

    /// "thay-doi-csdl-quoc-gia-den-muc-48213.jsonl": the trail's entry it runs to, in the name.
    public static func fileName(upTo watermark: Int, format: Format) -> String {
        "thay-doi-csdl-quoc-gia-den-muc-\(watermark).\(format.rawValue)"
    }

    /// One JSON object a line, keys in snake_case and sorted, UTF-8.
    public static func jsonLines(_ records: [NationalRecord]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for record in records {
            data.append(try encoder.encode(record))
            data.append(0x0A)
        }
        return data
    }

    /// For the officer who checks before sending: one row per person, then one per training, per period of
    /// service and per qualification, each keyed by the personal ID.
    public static func workbook(_ records: [NationalRecord]) throws -> Data {
        func sheet(_ title: String, _ headers: [String], _ rows: [[ListValue]]) -> Worksheet {
            ListExport.workbook(title: title, headers: headers, rows: rows).sheets[0]
        }
        let people = records.map { record -> [ListValue] in
            [.text(record.soDinhDanh), .text(record.maCanBo), .text(record.hoVaTen),
             .day(record.ngaySinh.flatMap(Day.init(iso:))), .text(record.gioiTinh ?? ""), .text(record.danToc ?? ""),
             .text(record.coQuanDonVi.ma), .text(record.coQuanDonVi.ten), .text(record.doiTuong),
             .text(record.maNgach ?? ""), .text(record.chucVu ?? ""), .text(record.viTriViecLam ?? ""),
             .text(record.trinhDo.chuyenMon ?? ""),
             .text(record.trinhDo.lyLuanChinhTri ?? ""), .text(record.trinhDo.quanLyNhaNuoc ?? ""),
             .text(record.thayDoiLuc)]
        }
        let training = records.flatMap { record in
            record.daoTaoBoiDuong.map { row -> [ListValue] in
                [.text(record.soDinhDanh), .text(row.maLop), .text(row.tenLop), .text(row.loaiChuongTrinh),
                 .text(row.hinhThuc), .day(Day(iso: row.tuNgay)), .day(Day(iso: row.denNgay)),
                 row.soTiet.map(ListValue.integer) ?? .text(""), .text(row.coSoDaoTao ?? ""), .text(row.tuCach),
                 .text(row.ketQua ?? ""), .text(row.soChungChi ?? ""), .day(row.ngayCapChungChi.flatMap(Day.init(iso:)))]
            }
        }
        let service = records.flatMap { record in
            record.quaTrinhCongTac.map { row -> [ListValue] in
                [.text(record.soDinhDanh), .text(row.donVi.ma), .text(row.donVi.ten), .text(row.doiTuong),
                 .text(row.maNgach ?? ""), .text(row.chucVu ?? ""), .text(row.viTriViecLam ?? ""), .day(Day(iso: row.tuNgay)),
                 .day(row.denNgay.flatMap(Day.init(iso:)))]
            }
        }
        let diplomas = records.flatMap { record in
            record.vanBang.map { row -> [ListValue] in
                [.text(record.soDinhDanh), .text(row.loai), .text(row.trinhDo), .day(Day(iso: row.ngayCap))]
            }
        }
        return try XLSXWriter.write(Workbook(sheets: [
            sheet("HoSo", ["Số định danh cá nhân", "Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc",
                           "Mã đơn vị", "Cơ quan, đơn vị", "Đối tượng", "Mã ngạch", "Chức vụ", "Vị trí việc làm",
                           "Trình độ chuyên môn",
                           "Lý luận chính trị", "Quản lý nhà nước", "Thay đổi lúc (UTC)"], people),
            sheet("DaoTaoBoiDuong", ["Số định danh cá nhân", "Mã lớp", "Tên lớp", "Loại chương trình", "Hình thức",
                                     "Từ ngày", "Đến ngày", "Số tiết", "Cơ sở đào tạo", "Tư cách", "Kết quả",
                                     "Số chứng chỉ", "Ngày cấp"], training),
            sheet("QuaTrinhCongTac", ["Số định danh cá nhân", "Mã đơn vị", "Đơn vị", "Đối tượng", "Mã ngạch", "Chức vụ",
                                      "Vị trí việc làm", "Từ ngày", "Đến ngày"], service),
            sheet("VanBang", ["Số định danh cá nhân", "Loại", "Trình độ", "Ngày cấp"], diplomas),
        ], title: "Thay đổi gửi CSDL quốc gia về CBCCVC"))
    }

    /// Records that the scope's changes up to the trail's entry `watermark` reached the national database. Returns
    /// how many people with a personal ID it covered.
    @discardableResult
    public static func markDelivered(_ store: RecordStore, upTo watermark: Int, format: Format) async throws -> Int {
        try await store.markNationalDelivery(upTo: watermark, format: format.rawValue).people
    }

    /// A moment typed by a person: an ISO 8601 timestamp (with its offset; without one it is Việt Nam's time) or a
    /// day (its start in Việt Nam). Nil when it is neither.
    public static func moment(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let day = Day(iso: trimmed) ?? Day(parsing: trimmed), trimmed.count <= 10 {
            return Date(timeIntervalSince1970: Double(day.ordinal) * 86_400 - 7 * 3600)
        }
        if let date = TrailTime.date(trimmed) { return date }
        return TrailTime.date(trimmed + "+07:00")
    }
}
