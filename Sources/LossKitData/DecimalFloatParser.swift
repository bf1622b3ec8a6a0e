/// Parses decimal floating-point text from raw bytes, correctly rounded.
///
/// The accepted syntax is `[+|-] digits [. digits] [(e|E) [+|-] digits]`
/// where either the integer or the fraction digits may be absent (`.5`, `5.`)
/// but not both. Every result is the double nearest to the decimal value
/// (ties to even), the same bits as Swift's `Double(String)` and `strtod`.
///
/// Three tiers, fastest first:
/// 1. Clinger's fast path: a significand below 2⁵³ and a power of ten up to
///    10²² are both exact doubles, so one IEEE multiply or divide rounds once.
/// 2. Eisel–Lemire: the significand (≤ 19 digits) times a 128-bit truncated
///    power of ten; it gives up on the rare products too close to a rounding
///    boundary, and on subnormal or overflowing results.
/// 3. `Double(String)` (the C library's correctly rounded `strtod`) for what
///    the first two decline: more than 19 significant digits, extreme
///    exponents, halfway cases.
///
/// Overflowing values read as ±infinity (`1e400`), underflowing ones as ±0
/// (`1e-400`); subnormals are exact (`4.9e-324`).
enum DecimalFloatParser {
    /// 10^k for k in 0...22, the powers of ten that are exact doubles. A
    /// switch of constants compiles to a table in read-only data, with no
    /// lazy-initialisation check on the hot path (a global array has one).
    @inline(__always)
    static func exactPowerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Parses the longest number at the start of `[first, end)`.
    ///
    /// Returns the value and the position after the last byte used, or nil
    /// when no digits are there. The caller checks what follows the number.
    ///
    /// The common shape (sign, at most 19 digits with or without a point,
    /// an optional exponent) is read in one pass here; more than 19 digits
    /// (significant or leading zeros) go to `parsePrefixCarefully`, which
    /// counts significant digits exactly.
    @inline(__always)
    static func parsePrefix(
        _ first: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (value: Double, next: UnsafePointer<UInt8>)? {
        var p = first
        guard p < end else { return nil }
        // The sign is as likely one way as the other in data, so it is read
        // without a branch that would be mispredicted half the time.
        let negative = p.pointee == UInt8(ascii: "-")
        p += (negative || p.pointee == UInt8(ascii: "+")) ? 1 : 0
        var mantissa: UInt64 = 0
        let integerStart = p
        p = accumulateDigits(p, end, into: &mantissa)
        var digitCount = p - integerStart
        var exponent = 0
        if p < end && p.pointee == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            p = accumulateDigits(p, end, into: &mantissa)
            digitCount += p - fractionStart
            exponent = fractionStart - p
        }
        guard digitCount > 0, digitCount <= 19 else { return parsePrefixCarefully(first, end) }
        if let (e, next) = exponentPart(p, end) {
            exponent += e
            p = next
        }
        // Clinger's case inline (the common one); the rest out of line.
        if isExactlyRepresentable(mantissa: mantissa, exponent: exponent) {
            return (clinger(mantissa: mantissa, exponent: exponent, negative: negative), p)
        }
        return (value(mantissa: mantissa, exponent: exponent, negative: negative) ?? slowPath(first, p), p)
    }

    /// `parsePrefix` for the common case of data files: see `parseField`.
    /// Everything else (and the last 40 bytes of a buffer) goes to
    /// `parsePrefix`, out of line, with the same result.
    @inline(__always)
    static func parseCommonPrefix(
        _ first: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (value: Double, next: UnsafePointer<UInt8>)? {
        if end - first >= fieldReach, let parsed = parseField(first, end) { return parsed }
        return parsePrefixOutOfLine(first, end)
    }

    /// The bytes from its first that `parseField` needs readable.
    static let fieldReach = 40

    /// The number at `first` as data files write it, else nil (and then
    /// `parsePrefix` reads it, the same bits either way): an optional sign,
    /// integer digits, an optional point and fraction digits, at most 19
    /// digits in all (leading zeros count) and at least one, and an
    /// optional exponent; the value by Clinger's fast path, or by
    /// Eisel–Lemire (nil when that cannot decide). That covers what `%g`,
    /// `%.17g`, `%.18e`, `repr` and spreadsheets write. `fieldReach` bytes
    /// from `first` must be readable.
    ///
    /// The common shape (at most 7 integer digits, a point, at most 16
    /// digits in all, no exponent) takes no branch that depends on the
    /// digits: the sign is arithmetic, the 17 bytes from the first digit on
    /// lose their point by shifts and are then one 16-byte `digitRun`, and
    /// the scale is one division. Longer runs and exponents take branches
    /// that are predicted well within a file (its numbers are written
    /// alike). Measured with callgrind on a `%.7g` file of 21 columns, the
    /// record loop with this inlined costs 176 instructions per field.
    @inline(__always)
    static func parseField(
        _ first: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (value: Double, next: UnsafePointer<UInt8>)? {
        let lead = first.pointee
        var p = first + ((lead == UInt8(ascii: "-") || lead == UInt8(ascii: "+")) ? 1 : 0)
        let integerStart = p
        let word = load(p)
        let leadingCount = leadingDigitCount(word)
        var mantissa: UInt64
        var digitCount: Int
        var exponent = 0
        var pointLength = 0
        if leadingCount < 8 && (word &>> UInt64(truncatingIfNeeded: leadingCount &* 8)) & 0xFF == UInt64(UInt8(ascii: ".")) {
            // The usual shape, fewer than 8 integer digits and a point: the
            // 17 bytes from the integer digits on, with the point taken out,
            // are one run of up to 16 digits (one `digitRun`, not one for
            // the integer digits and another for the fraction's).
            let next = load(p + 8)
            let below = (UInt64(1) &<< UInt64(truncatingIfNeeded: leadingCount &* 8)) &- 1
            let low = (word & below) | ((word &>> 8) & ~below) | (next &<< 56)
            let high = (next &>> 8) | (UInt64(p[16]) &<< 56)
            let run = digitRun(low, high)
            mantissa = run.value
            digitCount = run.count
            pointLength = 1
            p += run.count &+ 1
            if run.count == 16 {
                let before = p
                p = accumulateWord(p, end, into: &mantissa)
                digitCount &+= p - before
            }
            exponent = leadingCount &- digitCount
        } else {
            mantissa = eightDigitValue(leadingDigits(word, count: leadingCount))
            p += leadingCount
            if leadingCount == 8 { p = accumulateDigits(p, end, into: &mantissa) }
            digitCount = p - integerStart
            if p < end && p.pointee == UInt8(ascii: ".") {
                p += 1
                pointLength = 1
                let fractionStart = p
                if end - p >= 16 {
                    let fraction = digitRun(p)
                    mantissa = mantissa &* powerOfTen(fraction.count) &+ fraction.value
                    p += fraction.count
                    if fraction.count == 16 { p = accumulateWord(p, end, into: &mantissa) }
                } else {
                    p = accumulateDigits(p, end, into: &mantissa)
                }
                digitCount &+= p - fractionStart
                exponent = fractionStart - p
            }
        }
        // No digit at all: not a number.
        guard p - integerStart > pointLength else { return nil }
        if digitCount > 19 {
            // Zeros after the point of a number below 1 are not significant
            // (%.17g writes 0.00012345678901234567): without them the
            // mantissa, which they did not change, may still be exact.
            // Otherwise the careful parser rounds on all the digits.
            // (Found here, off the common path: a zero integer part is a
            // run of zeros up to the point.)
            let point = skipZeros(integerStart, p)
            guard point < p, point.pointee == UInt8(ascii: "."), p - skipZeros(point + 1, p) <= 19 else {
                return carefulField(first, end)
            }
            // A number this long may run to the window's end, where the
            // caller could not read its terminator: leave it to the general
            // path (csv-1, found by the float fuzzer: 0.000…0001 with 340
            // zeros at the end of a file). Only long numbers pay this compare.
            guard end - p >= 2 else { return nil }
        }
        if p < end && (p.pointee | 0x20) == UInt8(ascii: "e"), let (e, next) = exponentPart(p, end) {
            exponent &+= e
            p = next
            // An exponent of many digits can run to the window's end too.
            guard end - p >= 2 else { return nil }
        }
        // The sign bit by arithmetic: (byte ^ "-") − 1 has its top bit set
        // only for "-", and no select for the compiler to make a branch of.
        let signBit = (UInt64(lead ^ UInt8(ascii: "-")) &- 1) & (1 << 63)
        if mantissa <= 1 << 53 && UInt(bitPattern: exponent &+ 22) <= 22 {
            // Clinger, scale 10^-k (k ≤ 22): one correctly rounded division
            // by a constant from the Double table (in this shape of the loop
            // the compiler emits one load and one division, no jump table:
            // checked in the disassembly; 3 instructions per field fewer
            // than converting 10^k from the integer table).
            let k = 0 &- exponent
            let scale = exactPowerOfTen(k)
            let value = Double(Int64(bitPattern: mantissa)) / scale
            return (Double(bitPattern: value.bitPattern | signBit), p)
        }
        guard let value = valueBeyondClinger(mantissa: mantissa, exponent: exponent) else { return nil }
        return (Double(bitPattern: value.bitPattern | signBit), p)
    }

    /// `accumulateDigits` for the digits after a 16-digit fraction run:
    /// digits 17 to 24 (`%.17g` and `repr` write 17 significant digits, so
    /// most numbers below 1 have 17 to 19 fraction digits) are one SWAR word
    /// with no loop; a 25th digit goes on to `accumulateDigits`.
    /// `@_transparent` because `@inline(__always)` is not honoured in the
    /// large record loop; inlined, the loop takes 4.8 % fewer instructions on
    /// a `%.17g` file and 1.1 % fewer on a `%.7g` one (callgrind).
    @_transparent
    static func accumulateWord(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, into mantissa: inout UInt64
    ) -> UnsafePointer<UInt8> {
        guard end - start >= 8 else { return accumulateDigits(start, end, into: &mantissa) }
        let word = load(start)
        let count = leadingDigitCount(word)
        mantissa = mantissa &* powerOfTen(count) &+ eightDigitValue(leadingDigits(word, count: count))
        return count == 8 ? accumulateDigits(start + 8, end, into: &mantissa) : start + count
    }

    /// The position after the run of "0" bytes at `start` (at most `end`).
    static func skipZeros(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        var p = start
        while end - p >= 8 {
            let zeros = (load(p) ^ 0x3030_3030_3030_3030).trailingZeroBitCount &>> 3
            p += zeros
            if zeros < 8 { return p }
        }
        while p < end && p.pointee == UInt8(ascii: "0") { p += 1 }
        return p
    }

    /// The 8 bytes at `p` as a little-endian word (first byte lowest).
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    @inline(never)
    static func parsePrefixOutOfLine(
        _ first: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (value: Double, next: UnsafePointer<UInt8>)? {
        parsePrefix(first, end)
    }

    /// The run of up to 16 ASCII digits at `p` (16 readable bytes there):
    /// its length and its value. Both words are converted and the second
    /// counts only when the first is all digits, by a mask rather than a
    /// branch, so runs of 1 to 15 digits all take the same path.
    @inline(__always)
    static func digitRun(_ p: UnsafePointer<UInt8>) -> (count: Int, value: UInt64) {
        digitRun(load(p), load(p + 8))
    }

    /// `digitRun` of the 16 bytes in `word` then `nextWord` (each first byte lowest).
    @inline(__always)
    static func digitRun(_ word: UInt64, _ nextWord: UInt64) -> (count: Int, value: UInt64) {
        let count = leadingDigitCount(word)
        let nextCount = leadingDigitCount(nextWord)
        let value = eightDigitValue(leadingDigits(word, count: count))
        let nextValue = eightDigitValue(leadingDigits(nextWord, count: nextCount))
        // All ones when the first word is all digits (count 8), else zero:
        // arithmetic, so the compiler cannot turn it back into a branch.
        let continues = 0 &- (count &>> 3)
        let extra = nextCount & continues
        let extraValue = nextValue & UInt64(bitPattern: Int64(continues))
        return (count &+ extra, value &* powerOfTen(extra) &+ extraValue)
    }

    /// `±mantissa · 10^exponent` for a mantissa of at most 19 digits, or nil
    /// when neither fast tier can round it correctly.
    @inline(never)
    static func value(mantissa: UInt64, exponent: Int, negative: Bool) -> Double? {
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if isExactlyRepresentable(mantissa: mantissa, exponent: exponent) {
            return clinger(mantissa: mantissa, exponent: exponent, negative: negative)
        }
        return eiselLemire(mantissa: mantissa, exponent10: exponent, negative: negative)
    }

    /// `value(mantissa:exponent:negative: false)` where Clinger's fast path
    /// was already found not to apply (`parseField` tests it inline): Eisel–
    /// Lemire without testing it again.
    @inline(never)
    static func valueBeyondClinger(mantissa: UInt64, exponent: Int) -> Double? {
        if mantissa == 0 { return 0.0 }
        return eiselLemire(mantissa: mantissa, exponent10: exponent, negative: false)
    }

    /// Whether Clinger's fast path applies: the mantissa (≤ 2⁵³) and
    /// 10^|exponent| (≤ 10²²) are both exact doubles.
    @inline(__always)
    static func isExactlyRepresentable(mantissa: UInt64, exponent: Int) -> Bool {
        exponent >= -22 && exponent <= 22 && mantissa <= 1 << 53
    }

    /// Clinger's fast path: with both operands exact (see
    /// `isExactlyRepresentable`), one IEEE multiply or divide rounds once,
    /// correctly.
    @inline(__always)
    static func clinger(mantissa: UInt64, exponent: Int, negative: Bool) -> Double {
        // mantissa ≤ 2⁵³ fits an Int64: one signed conversion instruction.
        var value = Double(Int64(bitPattern: mantissa))
        if exponent < 0 {
            value /= exactPowerOfTen(-exponent)
        } else {
            value *= exactPowerOfTen(exponent)
        }
        // The sign by its bit, without a branch (signs are random in data).
        return Double(bitPattern: value.bitPattern | (negative ? 1 << 63 : 0))
    }

    /// `parseField`'s way off the fast path: the careful parser, except that a
    /// number reaching within two bytes of `end` is left to the caller's
    /// general path (nil). A long number can run past the plain record loop's
    /// look-ahead, and the loop reads the terminator (and the byte after a
    /// CR) without checking the window again (fuzz finding csv-1).
    @inline(never)
    static func carefulField(
        _ first: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (value: Double, next: UnsafePointer<UInt8>)? {
        guard let parsed = parsePrefixCarefully(first, end), end - parsed.next >= 2 else { return nil }
        return parsed
    }

    /// `parsePrefix` for every input: counts significant digits after
    /// leading zeros, so `0.000…0001234` with many zeros stays on a fast tier.
    @inline(never)
    static func parsePrefixCarefully(
        _ first: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (value: Double, next: UnsafePointer<UInt8>)? {
        var p = first
        guard p < end else { return nil }
        let negative = p.pointee == UInt8(ascii: "-")
        if negative || p.pointee == UInt8(ascii: "+") { p += 1 }
        // Leading zeros do not count towards the 19 digits a UInt64 holds.
        let digitsStart = p
        while p < end && p.pointee == UInt8(ascii: "0") { p += 1 }
        var mantissa: UInt64 = 0
        let integerStart = p
        p = accumulateDigits(p, end, into: &mantissa)
        var significant = p - integerStart
        var exponent = 0
        var sawDigits = p > digitsStart
        if p < end && p.pointee == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            if significant == 0 {
                while p < end && p.pointee == UInt8(ascii: "0") { p += 1 }
            }
            let significantStart = p
            p = accumulateDigits(p, end, into: &mantissa)
            significant += p - significantStart
            exponent = fractionStart - p
            sawDigits = sawDigits || p > fractionStart
        }
        guard sawDigits else { return nil }
        if let (e, next) = exponentPart(p, end) {
            exponent += e
            p = next
        }
        if significant <= 19, let value = value(mantissa: mantissa, exponent: exponent, negative: negative) {
            return (value, p)
        }
        return (slowPath(first, p), p)
    }

    /// Appends the run of ASCII digits at `start` to `mantissa` (wrapping:
    /// the caller counts the digits) and returns where the run ends.
    ///
    /// Eight bytes at a time with no per-digit branch: one 64-bit load, a
    /// per-byte digit test whose lowest failing byte ends the run, and the
    /// SWAR conversion of the digits before it (shifted to the top of the
    /// word so the bytes after them read as leading zeros). Runs of 8 or
    /// more digits loop; fewer than 8 bytes left go byte by byte.
    @inline(__always)
    static func accumulateDigits(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, into mantissa: inout UInt64
    ) -> UnsafePointer<UInt8> {
        var p = start
        // Sixteen bytes at a time: runs of 1 to 15 digits (most numbers in
        // data) take no data-dependent branch. The second word's digits
        // count only when the first word is all digits (a select, not a
        // branch).
        while end - p >= 16 {
            let run = digitRun(p)
            mantissa = mantissa &* powerOfTen(run.count) &+ run.value
            p += run.count
            if run.count < 16 { return p }
        }
        while end - p >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            let count = leadingDigitCount(word)
            mantissa = mantissa &* powerOfTen(count) &+ eightDigitValue(leadingDigits(word, count: count))
            p += count
            if count < 8 { return p }
        }
        while p < end {
            let d = p.pointee &- UInt8(ascii: "0")
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p += 1
        }
        return p
    }

    /// How many of the eight bytes of `word` (first byte lowest) are ASCII
    /// digits before the first that is not, 0...8, in four operations.
    ///
    /// Subtracting "0" from every byte leaves a digit 0...9; a byte below
    /// "0" wraps to 0xD0 or more, and a byte above "9" gives 10 or more.
    /// So a byte is not a digit when its difference has the high bit set, or
    /// gets it from adding 0x76 (10 + 0x76 = 0x80). The borrows and carries
    /// that cross bytes start only at bytes that are flagged themselves and
    /// only move to the bytes after them, so the lowest flag is exact.
    @inline(__always)
    static func leadingDigitCount(_ word: UInt64) -> Int {
        let values = word &- 0x3030_3030_3030_3030
        let notDigits = (values | (values &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
        return notDigits.trailingZeroBitCount &>> 3
    }

    /// The digit values of the first `count` bytes of `word`, moved to the
    /// top of the word (bytes 8 − count ... 7) with zeros below: as eight
    /// digits, the same number with leading zeros. `count` 0 gives 0.
    @inline(__always)
    static func leadingDigits(_ word: UInt64, count: Int) -> UInt64 {
        // The digits are the lowest bytes and all ≥ "0", so subtracting
        // borrows only into the bytes shifted out. Two half shifts, so that
        // count 0 (a shift by 64) gives 0.
        let half = UInt64(truncatingIfNeeded: (8 &- count) &* 4)
        return ((word &- 0x3030_3030_3030_3030) &<< half) &<< half
    }

    /// The eight digit values in the bytes of `value` (first byte most
    /// significant) as one number, with three multiplies.
    @inline(__always)
    static func eightDigitValue(_ digits: UInt64) -> UInt64 {
        let pairs = (digits &* 10) &+ (digits >> 8)
        return (((pairs & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32)))
            &+ (((pairs >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32)))) >> 32
    }

    /// 10^k for k in 0...16, as a table in read-only data.
    @inline(__always)
    static func powerOfTen(_ k: Int) -> UInt64 {
        switch k {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        case 9: return 1_000_000_000
        case 10: return 10_000_000_000
        case 11: return 100_000_000_000
        case 12: return 1_000_000_000_000
        case 13: return 10_000_000_000_000
        case 14: return 100_000_000_000_000
        case 15: return 1_000_000_000_000_000
        default: return 10_000_000_000_000_000
        }
    }

    /// The exponent `(e|E)[+|-]digits` at `p` and the position after it, or
    /// nil when there is none (an `e` without digits is not part of the
    /// number; the caller sees it). Huge exponents are clamped at ±10⁶,
    /// which still over- or underflows every double.
    @inline(__always)
    static func exponentPart(
        _ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (value: Int, next: UnsafePointer<UInt8>)? {
        guard p < end, (p.pointee | 0x20) == UInt8(ascii: "e") else { return nil }
        var q = p + 1
        var negative = false
        if q < end && (q.pointee == UInt8(ascii: "-") || q.pointee == UInt8(ascii: "+")) {
            negative = q.pointee == UInt8(ascii: "-")
            q += 1
        }
        let digitsStart = q
        var e = 0
        while q < end {
            let d = q.pointee &- UInt8(ascii: "0")
            if d >= 10 { break }
            if e < 1_000_000 { e = e &* 10 &+ Int(d) }
            q += 1
        }
        guard q > digitsStart else { return nil }
        return (negative ? -e : e, q)
    }

    /// Parses exactly the bytes `[first, end)` as a number, or returns nil.
    static func parse(_ first: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        guard let (value, next) = parsePrefix(first, end), next == end else { return nil }
        return value
    }

    /// Convenience for tests and small inputs.
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return nil }
            return parse(base, base + bytes.count)
        }
    }

    /// The correctly rounded fallback for the inputs the fast tiers decline.
    /// The bytes were checked to be a decimal number, which the standard
    /// library reads locale-independently and correctly rounded.
    @inline(never)
    static func slowPath(_ first: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double {
        let text = String(decoding: UnsafeBufferPointer(start: first, count: end - first), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// Eisel–Lemire: `mantissa · 10^exponent10` correctly rounded, or nil when
    /// the 128-bit product cannot decide the rounding, or the result is
    /// subnormal or overflows. A port of the algorithm as in Go's strconv.
    @inline(__always)
    static func eiselLemire(mantissa: UInt64, exponent10: Int, negative: Bool) -> Double? {
        let minExponent = powersOfTen128MinExponent
        guard exponent10 >= minExponent, exponent10 < minExponent + powersOfTen128.count else { return nil }
        let leadingZeros = mantissa.leadingZeroBitCount
        let man = mantissa << UInt64(leadingZeros)
        // floor(log2(10) · q) + 64 + bias, less the normalisation shift.
        var exponent2 = UInt64(bitPattern: Int64(((217_706 &* exponent10) >> 16) &+ 64 &+ 1023))
            &- UInt64(leadingZeros)
        let power = powersOfTen128[exponent10 - minExponent]
        var (hi, lo) = man.multipliedFullWidth(by: power.high)
        if hi & 0x1FF == 0x1FF && lo &+ man < man {
            let (yHi, yLo) = man.multipliedFullWidth(by: power.low)
            var mergedHi = hi
            let mergedLo = lo &+ yHi
            if mergedLo < lo { mergedHi &+= 1 }
            if mergedHi & 0x1FF == 0x1FF && mergedLo &+ 1 == 0 && yLo &+ man < man { return nil }
            hi = mergedHi
            lo = mergedLo
        }
        let msb = hi >> 63
        var result = hi >> (msb + 9)
        exponent2 &-= 1 ^ msb
        if lo == 0 && hi & 0x1FF == 0 && result & 3 == 1 { return nil }  // halfway: ties need all digits
        result += result & 1
        result >>= 1
        if result >> 53 > 0 {
            result >>= 1
            exponent2 &+= 1
        }
        if exponent2 &- 1 >= 0x7FF - 1 { return nil }  // subnormal or overflow
        var bits = exponent2 << 52 | result & 0x000F_FFFF_FFFF_FFFF
        if negative { bits |= 1 << 63 }
        return Double(bitPattern: bits)
    }
}
