import SiftICU
import Testing

@Suite struct UnicodeSetsTests {
    private static func has(_ bits: [UInt64], _ v: Int) -> Bool { bits[v >> 6] >> UInt64(v & 63) & 1 != 0 }

    @Test func bmpBitsHoldTheSetsMembers() throws {
        let bits = try UnicodeSets.bmpBits(#"[a-c\x{4E00}\x{FFFF}\x{D800}-\x{DFFF}\x{1F600}\p{Zs}]"#)
        #expect(bits.count == 1024)
        for v in [0x61, 0x62, 0x63, 0x4E00, 0xFFFF, 0x20, 0xA0, 0x3000] { #expect(Self.has(bits, v), "U+\(String(v, radix: 16))") }
        for v in [0x60, 0x64, 0x4E01, 0xFFFE, 0x09, 0x0A] { #expect(!Self.has(bits, v), "U+\(String(v, radix: 16))") }
        // Surrogates are never members; astral members are left out.
        #expect((0xD800...0xDFFF).allSatisfy { !Self.has(bits, $0) })
    }

    @Test func aBadPatternThrows() {
        #expect(throws: ICUError.self) { try UnicodeSets.bmpBits("[a-") }
    }
}
