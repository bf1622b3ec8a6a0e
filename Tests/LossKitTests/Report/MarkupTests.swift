import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct MarkupTests {
    @Test func escapesMarkupCharacters() {
        #expect(Markup.escape(#"a<b & "c" 'd'>"#) == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        #expect(Markup.escape("plain ŷ − y") == "plain ŷ − y")
    }

    @Test func replacesCharactersXMLForbids() {
        #expect(Markup.escape("a\u{0}b\u{1B}c\td\n") == "a\u{FFFD}b\u{FFFD}c\td\n")
    }

    @Test func slugsAreValidIDs() {
        #expect(Markup.slug("Residuals vs fitted (OLS)") == "residuals-vs-fitted-ols")
        #expect(Markup.slug("<<>>") == "section")
        #expect(Markup.slug("2 features") == "s-2-features")
        #expect(Markup.slug("Ünïcode – only") == "unicode-only")
    }

    @Test func coordinatesAreCompact() {
        #expect(Markup.coordinate(12.5) == "12.5")
        #expect(Markup.coordinate(3) == "3")
        #expect(Markup.coordinate(-0.004) == "0")
        #expect(Markup.coordinate(0.07) == "0.07")
        #expect(Markup.coordinate(-1.256) == "-1.26")
        #expect(Markup.coordinate(.nan) == "0")
        #expect(Markup.coordinate(.infinity) == "10000000")
        #expect(Markup.coordinate(1e300) == "10000000")
    }
}
