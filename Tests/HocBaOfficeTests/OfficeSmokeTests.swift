import Testing
@testable import HocBaOffice

@Test func moduleLoads() {
    #expect(String(describing: HocBaOffice.self) == "HocBaOffice")
}
