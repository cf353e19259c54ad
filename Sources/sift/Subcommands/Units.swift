import ArgumentParser
import Foundation
import Sift
import SiftICU

struct Units: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the units Sift converts (CLDR's conversion data from ICU), or convert a value.",
        discussion: "With --convert VALUE FROM TO, prints the converted value, e.g. sift units --convert 425 mile kilometer.")

    @Option(help: "Output format: table or tsv (unit, quantity, factor to SI, offset, SI base dimension).")
    var format: String = "table"

    @Option(parsing: .upToNextOption, help: "VALUE FROM TO: convert a value between two CLDR units.")
    var convert: [String] = []

    func run() throws {
        guard let converter = UnitConverter.shared else { throw ValidationError("ICU's CLDR unit data is missing") }
        if !convert.isEmpty {
            guard convert.count == 3, let value = Double(convert[0]) else { throw ValidationError("--convert takes VALUE FROM TO") }
            guard let out = converter.convert(value, from: convert[1], to: convert[2]) else {
                throw ValidationError("cannot convert '\(convert[1])' to '\(convert[2])' (unknown unit or different dimensions)")
            }
            // Twelve significant digits: what CLDR's factors support, without binary noise.
            Terminal.print(String(format: "%.12g", out))
            return
        }
        let rows = converter.table()
        if format == "tsv" {
            for r in rows { Terminal.print("\(r.unit)\t\(r.quantity)\t\(r.factor)\t\(r.offset)\t\(r.base)") }
        } else {
            Terminal.print(Terminal.table([["unit", "quantity", "factor to SI", "offset", "SI dimension"]]
                + rows.map { [$0.unit, $0.quantity, "\($0.factor)", $0.offset == 0 ? "" : "\($0.offset)", $0.base] }))
        }
    }
}
