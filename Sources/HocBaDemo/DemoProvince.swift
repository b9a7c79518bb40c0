import HocBaCore

/// A demo province in the image of Bắc Kạn 2016–2020: units, people, work history, qualifications, instructors,
/// classes, enrolments and funding, from which the summary report (docs/reports.md) reproduces the figures of the
/// seed article on Bắc Kạn's training of 2016–2020 (README) exactly.
///
/// The generator is pure and deterministic: a SplitMix64 generator seeded with a constant drives every choice, no
/// dictionary or set is ever iterated, so every run on every machine yields the same records.
///
/// Figures it guarantees (counting rules of docs/reports.md, period 2016-01-01…2020-12-31):
/// - lượt of capacity `CBCCVC`: CB+CC at TINH/HUYEN units 3.692, CB+CC at XA units 9.583, KCT 450,
///   VCHC 1.540, VCCN 5.478 (total 20.743);
/// - lượt of capacity `HDND-*`: 4.572, of which 2.388 by learners who are not Kinh;
/// - on 2020-10-12, CHUYEN-MON ≥ TRUNG-CAP among CB in XA units: rate 0,8379; among CC in XA units: 0,9861;
/// - 22 instructors at `TCT`: 20 THAC-SI, 1 TIEN-SI, 1 CU-NHAN, all trained in active methods;
/// - THUC-CHI funding 2016–2020: NS-TINH 24.180.000.000, MTQG-NTM 900.000.000, TW-BNV 497.500.000.

// MARK: - The province

/// The province's records as the forms and the import have them: the drafts of each sheet of the standard workbook.
public struct DemoProvince: Sendable, Equatable {
    /// Parents before children.
    public var units: [UnitDraft]
    /// The job positions catalogue (ViTriViecLam), given after the province is built (`assignPositions`).
    public var positions: [PositionDraft] = []
    public var institutions: [InstitutionDraft]
    public var people: [PersonDraft] { didSet { states = nil } }
    /// Rows of QuaTrinh, grouped by person, in date order.
    public var history: [HistoryDraft] { didSet { states = nil } }
    public var qualifications: [QualificationDraft]
    /// Annual ratings (DanhGia) from 2024, given after the province is built (`giveRatings`).
    public var ratings: [RatingDraft] = []
    public var instructors: [InstructorDraft]
    public var classes: [ClassDraft]
    public var enrolments: [EnrolmentDraft]
    public var funding: [FundingDraft]

    /// The states of `people` and `history`, valid until either is changed.
    private var states: DraftStates?

    public init(units: [UnitDraft], institutions: [InstitutionDraft], people: [PersonDraft], history: [HistoryDraft],
                qualifications: [QualificationDraft], instructors: [InstructorDraft], classes: [ClassDraft],
                enrolments: [EnrolmentDraft], funding: [FundingDraft]) {
        self.units = units
        self.institutions = institutions
        self.people = people
        self.history = history
        self.qualifications = qualifications
        self.instructors = instructors
        self.classes = classes
        self.enrolments = enrolments
        self.funding = funding
        self.states = DraftStates(people: people, history: history)
    }

    /// The province, the same on every run: rated for 2024 and 2025, or through `ratedThrough` when later.
    public static func generate(ratedThrough lastRatedYear: Int = 2025) -> DemoProvince {
        var builder = DemoBuilder()
        var province = builder.build()
        province.givePersonalIDs()
        province.assignPositions()
        province.giveRatings(through: lastRatedYear)
        return province
    }

    /// The person's unit and category on `day` by `PersonStateRule`: their history rows when they have any (nil on a
    /// day no row covers: out of service), else their CanBo state. Nil also for an unknown person code.
    public func state(of personCode: String, on day: Day) -> (unitCode: String, category: Category)? {
        (states ?? DraftStates(people: people, history: history)).state(of: personCode, on: day)
    }

    /// The province as the import reads it: every sheet of the standard workbook under its own name, with all its
    /// columns, each row numbered as in a workbook of these rows in this order (the header is row 1).
    public var batch: ImportBatch {
        func numbered<Draft>(_ drafts: [Draft]) -> [ImportedRow<Draft>] {
            drafts.enumerated().map { ImportedRow(row: $0.offset + 2, draft: $0.element) }
        }
        var batch = ImportBatch()
        batch.institutions = numbered(institutions)
        batch.units = numbered(units)
        batch.positions = numbered(positions)
        batch.people = numbered(people)
        batch.history = numbered(history)
        batch.qualifications = numbered(qualifications)
        batch.ratings = numbered(ratings)
        batch.instructors = numbered(instructors)
        batch.classes = numbered(classes)
        batch.enrolments = numbered(enrolments)
        batch.funding = numbered(funding)
        for sheet in WorkbookSheet.allCases {
            batch.sheetNames[sheet] = sheet.rawValue
            batch.recognisedColumns[sheet] = sheet.columns
        }
        return batch
    }

    public static func == (lhs: DemoProvince, rhs: DemoProvince) -> Bool {
        lhs.units == rhs.units && lhs.positions == rhs.positions && lhs.institutions == rhs.institutions && lhs.people == rhs.people
            && lhs.history == rhs.history && lhs.qualifications == rhs.qualifications && lhs.ratings == rhs.ratings
            && lhs.instructors == rhs.instructors && lhs.classes == rhs.classes
            && lhs.enrolments == rhs.enrolments && lhs.funding == rhs.funding
    }
}
