import LossKitData
import LossKitModels
import LossKitNumerics

/// Appends XML-safe markup to a string. Attribute values and text are
/// escaped here; `raw` is for markup the report itself generated.
struct SVGBuilder {
    private(set) var text = ""

    mutating func raw(_ markup: String) { text += markup }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name
        appendAttributes(attributes)
        text += ">"
    }

    mutating func close(_ name: String) { text += "</" + name + ">" }

    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        text += "<" + name
        appendAttributes(attributes)
        text += "/>"
    }

    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String) {
        open(name, attributes)
        text += Markup.escape(content)
        close(name)
    }

    private mutating func appendAttributes(_ attributes: [(String, String)]) {
        for (key, value) in attributes {
            text += " " + key + "=\"" + Markup.escape(value) + "\""
        }
    }
}
