import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Test helpers: parse report markup as XML and look for external references.
enum ReportXML {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Element names and attributes collected while parsing.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append((elementName, attributeDict))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    /// Parses `markup` (a whole document or one fragment with a single root)
    /// and returns what it found; throws with the parser's message when the
    /// markup is not well-formed XML.
    @discardableResult
    static func check(_ markup: String) throws -> Collector {
        var body = markup
        if body.hasPrefix("<!DOCTYPE html>") { body.removeFirst("<!DOCTYPE html>".count) }
        let parser = XMLParser(data: Data(body.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else {
            let line = parser.lineNumber, column = parser.columnNumber
            let context = String(body.utf8.dropFirst(max(0, column - 80)).prefix(160)) ?? ""
            throw ParseError(description: "not well-formed at \(line):\(column): \(parser.parserError.map { "\($0)" } ?? "?") near: \(context)")
        }
        return collector
    }

    /// Every `<svg>…</svg>` element of `html`.
    static func svgElements(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }

    /// Substrings that would make the file depend on something outside it.
    static func externalReferences(in html: String) -> [String] {
        var found: [String] = []
        let lower = html.lowercased()
        for needle in ["http:", "https:", "<script", "@import", "<link", "<img", "<iframe", "src="] where lower.contains(needle) {
            found.append(needle)
        }
        // url(…) is only allowed as a reference to an element of the same file: url(#id).
        var rest = lower[...]
        while let r = rest.range(of: "url(") {
            if !rest[r.upperBound...].hasPrefix("#") { found.append("url(" + rest[r.upperBound...].prefix(20)) }
            rest = rest[r.upperBound...]
        }
        return found
    }
}
