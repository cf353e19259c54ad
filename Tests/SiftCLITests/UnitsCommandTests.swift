import Foundation
import SiftTestSupport
import Testing

@Suite struct UnitsCommandTests {
    @Test func convertsBetweenCLDRUnits() throws {
        let r = try SiftBinary.run(["units", "--convert", "425", "mile", "kilometer"])
        #expect(r.status == 0)
        #expect(r.out == "683.9712\n")
        let t = try SiftBinary.run(["units", "--convert", "212", "fahrenheit", "celsius"])
        #expect(t.out == "100\n")
        let bad = try SiftBinary.run(["units", "--convert", "3", "mile", "kilogram"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("cannot convert 'mile' to 'kilogram'"))
    }

    @Test func listsUnitsAsTSV() throws {
        let r = try SiftBinary.run(["units", "--format", "tsv"])
        #expect(r.status == 0)
        #expect(r.out.contains("mile\tlength\t1609.344\t0.0\tmeter^1\n"))
        #expect(r.out.contains("celsius\ttemperature\t1.0\t273.15\tkelvin^1\n"))
    }

    @Test func checkUnitsPipelineWritesSpans() throws {
        let r = try SiftBinary.run(["run", "check-units", "--input-format", "lines", "--output-format", "jsonl"],
                                   stdin: Data("It lies 425 miles (680 kilometers) away.\n".utf8), directory: TestSupport.packageRoot)
        #expect(r.status == 0)
        #expect(r.out.contains(#""type":"quantity","start":8,"end":17,"value":425,"unit":"mile""#))
        #expect(r.out.contains(#""check":"agrees""#))
    }
}
