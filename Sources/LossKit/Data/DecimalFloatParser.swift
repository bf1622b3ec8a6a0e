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
        let negative = p.pointee == UInt8(ascii: "-")
        if negative || p.pointee == UInt8(ascii: "+") { p += 1 }
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
        var value = Double(mantissa)
        if exponent < 0 {
            value /= exactPowerOfTen(-exponent)
        } else {
            value *= exactPowerOfTen(exponent)
        }
        return negative ? -value : value
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
        p = accumulateEightDigitRuns(p, end, into: &mantissa)
        while p < end {
            let d = p.pointee &- UInt8(ascii: "0")
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p += 1
        }
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
            p = accumulateEightDigitRuns(p, end, into: &mantissa)
            while p < end {
                let d = p.pointee &- UInt8(ascii: "0")
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                p += 1
            }
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
    @inline(__always)
    static func accumulateDigits(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, into mantissa: inout UInt64
    ) -> UnsafePointer<UInt8> {
        var p = accumulateEightDigitRuns(start, end, into: &mantissa)
        while p < end {
            let d = p.pointee &- UInt8(ascii: "0")
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p += 1
        }
        return p
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

    /// Consumes runs of eight ASCII digits eight at a time (SWAR: one 64-bit
    /// load, a digit test and three multiplies instead of eight loop turns),
    /// appending them to `mantissa` (wrapping; the caller counts digits).
    @inline(__always)
    static func accumulateEightDigitRuns(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, into mantissa: inout UInt64
    ) -> UnsafePointer<UInt8> {
        var p = start
        while end - p >= 8 {
            let chunk = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            // Every byte in 0x30...0x39: high nibbles are 3, and adding 6 does not carry into them.
            let allDigits = (chunk & 0xF0F0_F0F0_F0F0_F0F0)
                | (((chunk &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
            guard allDigits == 0x3333_3333_3333_3333 else { break }
            var value = chunk &- 0x3030_3030_3030_3030
            value = (value &* 10) &+ (value >> 8)
            value = (((value & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32)))
                &+ (((value >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32)))) >> 32
            mantissa = mantissa &* 100_000_000 &+ value
            p += 8
        }
        return p
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
