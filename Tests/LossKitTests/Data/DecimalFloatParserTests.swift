import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

/// The parser must give exactly the bits of Swift's `Double(String)` (the C
/// library's correctly rounded `strtod`), which is the reference here.
@Suite struct DecimalFloatParserTests {
    /// Values where a fast path that rounds twice, or an Eisel–Lemire port
    /// with a wrong table entry, gets the last bit wrong.
    static let hardCases: [String] = [
        "0.1", "0.2", "0.3", "1e23", "8.98846567431158e307", "9007199254740993", "9007199254740995",
        "9007199254740992.5", "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308",
        "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e-320", "1e-400", "1e400",
        "7.038531e-26", "123456789012345678901234567890", "0.1000000000000000055511151231257827021181583404541015625",
        "0.000000000000000000000000000001", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126",
        "+1", "-0", "+0.0", "-0.0e10", ".5", "5.", "-.5e-3", "+5.E+3", "1E+5", "1e-5", "00012", "0000.0001",
        "3.14159265358979323846264338327950288", "99999999999999999999", "1844674407370955161", "18446744073709551615",
        "18446744073709551616", "1.8446744073709551616e19", "2.5e-324", "1e-323", "4.94065645841246544e-324",
        "5e-324", "1.5e-323", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368", // DBL_MAX exactly
        "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000049406564584124654",
    ]

    @Test(arguments: hardCases)
    func hardCaseMatchesStandardLibrary(_ text: String) throws {
        let reference = try #require(Double(text))
        let parsed = try #require(parseBothWays(text))
        #expect(parsed.bitPattern == reference.bitPattern, "\(text): \(parsed) vs \(reference)")
    }

    @Test(arguments: ["", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x10", "inf", "nan", "1,5", " 1", "1 ", "--1", "1e5e5", "١"])
    func rejectsWhatIsNotADecimalNumber(_ text: String) {
        #expect(DecimalFloatParser.parse(text) == nil)
        #expect(parseBothWays(text) == nil)
    }

    @Test func roundTripsRandomBitPatterns() {
        var generator = SplitMix64(seed: 0x1055_417)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            for text in [value.description, "\(value)".uppercased()] {
                let parsed = parseBothWays(text)
                if parsed?.bitPattern != value.bitPattern { mismatches.append(text) }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// Random decimal strings of 1 to 25 digits with exponents across the
    /// whole range (including subnormals and overflow), in every spelling.
    @Test func agreesWithStandardLibraryOnRandomDecimalText() {
        var generator = SplitMix64(seed: 42)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let digitCount = Int(generator.next() % 25) + 1
            var digits = ""
            for _ in 0..<digitCount { digits.append(Character(Unicode.Scalar(UInt8(48 + generator.next() % 10)))) }
            let point = Int(generator.next() % UInt64(digitCount + 1))
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if text.hasSuffix(".") && generator.next() % 2 == 0 { text.removeLast() }
            let exponent = Int(generator.next() % 700) - 350
            switch generator.next() % 4 {
            case 0: text += "e\(exponent)"
            case 1: text += "E+\(abs(exponent))"
            case 2: break
            default: text += "e-\(abs(exponent))"
            }
            switch generator.next() % 3 {
            case 0: text = "-" + text
            case 1: text = "+" + text
            default: break
            }
            guard let reference = Double(text) else { continue }
            if parseBothWays(text)?.bitPattern != reference.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// The shapes data files hold (what `%.Ng` and `repr` write for N from 1
    /// to 17, fixed and scientific), which `parseCommonPrefix` reads on its
    /// branch-free path: every integer and fraction length up to 16 digits.
    @Test func agreesOnFixedAndScientificShapes() {
        var generator = SplitMix64(seed: 2026)
        var mismatches: [String] = []
        for _ in 0..<100_000 {
            // Binary exponents −63 ... 63: about 1e-19 ... 1e19.
            let exponentBits = (960 + generator.next() % 127) << 52
            let magnitude = Double(bitPattern: exponentBits | generator.next() & 0x000F_FFFF_FFFF_FFFF)
            let value = generator.next() % 2 == 0 ? magnitude : -magnitude
            let digits = Int(generator.next() % 17) + 1
            let text: String
            switch generator.next() % 3 {
            case 0: text = String(format: "%.\(digits)g", value)
            case 1: text = String(format: "%.\(min(digits, 16))f", value)
            default: text = value.description
            }
            guard let reference = Double(text) else { continue }
            if parseBothWays(text)?.bitPattern != reference.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// Numbers whose digits run close to the end of the buffer, so that the
    /// one-pass parser takes its byte-by-byte tails at every stage: long
    /// integer parts, long fractions, exponents, followed by one delimiter.
    @Test func numbersEndingNearTheEndOfTheBuffer() {
        var generator = SplitMix64(seed: 4711)
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let integerDigits = Int(generator.next() % 48)
            let fractionDigits = Int(generator.next() % 24)
            var text = generator.next() % 2 == 0 ? "-" : ""
            for _ in 0..<integerDigits { text.append(Character(Unicode.Scalar(UInt8(48 + generator.next() % 10)))) }
            if generator.next() % 4 != 0 {
                text += "."
                for _ in 0..<fractionDigits { text.append(Character(Unicode.Scalar(UInt8(48 + generator.next() % 10)))) }
            }
            if generator.next() % 3 == 0 { text += "e\(Int(generator.next() % 80) - 40)" }
            guard let reference = Double(text) else { continue }
            var field = Array((text + ",").utf8)
            let parsed: Double? = field.withUnsafeMutableBufferPointer { bytes in
                let base = UnsafePointer(bytes.baseAddress!)
                guard let (value, next) = DecimalFloatParser.parseCommonPrefix(base, base + bytes.count),
                      next == base + bytes.count - 1 else { return nil }
                return value
            }
            if parsed?.bitPattern != reference.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// Numbers below 1 written with many fraction digits, some of them
    /// leading zeros (0.000123456789012345678): more than 19 digits in all,
    /// at most 19 significant, and with more than 19 significant.
    @Test func smallNumbersWithLeadingZerosInTheFraction() {
        var generator = SplitMix64(seed: 1234)
        var mismatches: [String] = []
        for _ in 0..<50_000 {
            let zeros = Int(generator.next() % 12)
            let significant = Int(generator.next() % 22) + 1
            var text = generator.next() % 2 == 0 ? "-" : ""
            text += generator.next() % 4 == 0 ? "." : (generator.next() % 2 == 0 ? "0." : "00.")
            text += String(repeating: "0", count: zeros)
            text.append(Character(Unicode.Scalar(UInt8(49 + generator.next() % 9))))
            for _ in 1..<significant { text.append(Character(Unicode.Scalar(UInt8(48 + generator.next() % 10)))) }
            if generator.next() % 3 == 0 { text += "e\(Int(generator.next() % 40) - 20)" }
            guard let reference = Double(text) else { continue }
            if parseBothWays(text)?.bitPattern != reference.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// The SWAR digit test against a byte-by-byte count: every byte value
    /// at every position after a run of digits, with random bytes after it
    /// (whose borrows and carries must not matter), and random words.
    @Test func leadingDigitCountMatchesAByteByByteCount() {
        func reference(_ word: UInt64) -> Int {
            for k in 0..<8 {
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt64(k)))
                if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { return k }
            }
            return 8
        }
        var generator = SplitMix64(seed: 77)
        var mismatches: [UInt64] = []
        for position in 0..<8 {
            for value in 0...255 {
                for _ in 0..<16 {
                    var word = generator.next()
                    for k in 0..<position {
                        let digit = UInt64(48 + generator.next() % 10) << (8 * UInt64(k))
                        word = word & ~(0xFF << (8 * UInt64(k))) | digit
                    }
                    word = word & ~(0xFF << (8 * UInt64(position))) | UInt64(value) << (8 * UInt64(position))
                    if DecimalFloatParser.leadingDigitCount(word) != reference(word) { mismatches.append(word) }
                }
            }
        }
        for _ in 0..<200_000 {
            // Mostly digits, with other bytes mixed in.
            var word: UInt64 = 0
            for k in 0..<8 {
                let byte = generator.next() % 4 == 0 ? generator.next() & 0xFF : 48 + generator.next() % 10
                word |= byte << (8 * UInt64(k))
            }
            if DecimalFloatParser.leadingDigitCount(word) != reference(word) { mismatches.append(word) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5).map { String($0, radix: 16) })")
    }

    /// 17-significant-digit text (what `%.17g` writes): Eisel–Lemire's territory.
    /// Every split of digits around the point that the one-run shape (the
    /// point shifted out of 17 bytes) and its neighbours take: 0 to 9
    /// integer digits, 0 to 20 fraction digits (runs ending before, at and
    /// after the 16th digit and the 17th byte), with and without sign and
    /// exponent, followed by digits after a delimiter that must not count.
    @Test func everyIntegerAndFractionLengthAroundTheOneRunShape() {
        var generator = SplitMix64(seed: 2026)
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(48 + generator.next() % 10))) })
        }
        var mismatches: [String] = []
        for integerDigits in 0...9 {
            for fractionDigits in 0...20 where integerDigits + fractionDigits > 0 {
                for trial in 0..<24 {
                    var text = ["", "-", "+"][trial % 3] + digits(integerDigits) + "." + digits(fractionDigits)
                    if trial % 4 == 3 { text += "e\(Int(generator.next() % 60) - 30)" }
                    guard let reference = Double(text) else { continue }
                    if parseBothWays(text)?.bitPattern != reference.bitPattern { mismatches.append(text) }
                }
            }
        }
        // A point without digits is no number (parseBothWays would hide a
        // disagreement here, so each entry point is asked).
        for text in [".", "-.", "+.", ".e5", "-.e5"] {
            var bytes = Array((text + ",12345678901234567890,12345678901234567890\n").utf8)
            let parsed = bytes.withUnsafeMutableBufferPointer { buffer in
                let base = UnsafePointer(buffer.baseAddress!)
                return DecimalFloatParser.parseCommonPrefix(base, base + buffer.count) != nil
                    || DecimalFloatParser.parsePrefix(base, base + buffer.count) != nil
            }
            if parsed || DecimalFloatParser.parse(text) != nil { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test func agreesOnSeventeenDigitText() {
        var generator = SplitMix64(seed: 7)
        var mismatches: [String] = []
        for _ in 0..<100_000 {
            let mantissa = 10_000_000_000_000_000 + generator.next() % 90_000_000_000_000_000
            let exponent = Int(generator.next() % 640) - 340
            let text = "\(mantissa)e\(exponent)"
            guard let reference = Double(text) else { continue }
            if parseBothWays(text)?.bitPattern != reference.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// Eisel–Lemire on its own: whenever it answers, the answer is exact,
    /// and it answers for nearly all normal-range inputs (else the fast
    /// tier would silently be the slow one).
    @Test func eiselLemireIsExactWhenItAnswers() {
        var generator = SplitMix64(seed: 99)
        var answered = 0
        var normal = 0
        var mismatches: [String] = []
        let trials = 100_000
        for _ in 0..<trials {
            let mantissa = 1 + generator.next() % 9_999_999_999_999_999_999
            let exponent = Int(generator.next() % 600) - 300
            let text = "\(mantissa)e\(exponent)"
            guard let reference = Double(text) else { continue }
            if reference.isNormal { normal += 1 }
            if let value = DecimalFloatParser.eiselLemire(mantissa: mantissa, exponent10: exponent, negative: false) {
                answered += 1
                if value.bitPattern != reference.bitPattern { mismatches.append(text) }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        #expect(answered > normal * 99 / 100, "answered \(answered) of \(normal) normal results")
    }
}

/// Parses `text` four ways and returns the value only when all agree bit
/// for bit and each finds the number's end: as the whole buffer (the
/// byte-by-byte tails), as a field followed by a delimiter, and as a field
/// followed by a delimiter and 40 more bytes of digits, through both
/// `parsePrefix` and `parseCommonPrefix` (so the 8- and 16-byte loads see
/// bytes beyond the number that must not count).
func parseBothWays(_ text: String) -> Double? {
    let whole = DecimalFloatParser.parse(text)
    func parsedAsField(
        followedBy tail: String,
        _ parser: (UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> (value: Double, next: UnsafePointer<UInt8>)?
    ) -> Double? {
        var field = Array((text + tail).utf8)
        return field.withUnsafeMutableBufferPointer { bytes in
            let base = UnsafePointer(bytes.baseAddress!)
            guard let (value, next) = parser(base, base + bytes.count),
                  next == base + text.utf8.count else { return nil }
            return value
        }
    }
    let longTail = ",12345678901234567890,12345678901234567890\n"
    let results = [
        parsedAsField(followedBy: ",", DecimalFloatParser.parsePrefix),
        parsedAsField(followedBy: longTail, DecimalFloatParser.parsePrefix),
        parsedAsField(followedBy: longTail, DecimalFloatParser.parseCommonPrefix),
    ]
    guard results.allSatisfy({ $0?.bitPattern == whole?.bitPattern }) else { return nil }
    return whole
}
