import Foundation

/// Loads the generated reference fixtures of the models and statistics tests
/// (`Fixtures/models/*.json`, written by scripts/generate_model_fixtures.py,
/// and the NIST StRD sets in `Fixtures/nist/`).
enum ModelFixtures {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name) is missing from the test bundle" }
    }

    static func url(_ name: String, _ ext: String, _ subdirectory: String) throws -> URL {
        if let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/\(subdirectory)") {
            return url
        }
        throw Missing(name: "\(subdirectory)/\(name).\(ext)")
    }

    static func json(_ name: String, subdirectory: String = "models") throws -> [String: Any] {
        let data = try Data(contentsOf: url(name, "json", subdirectory))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Missing(name: name)
        }
        return object
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String, subdirectory: String = "models") throws -> T {
        let data = try Data(contentsOf: url(name, "json", subdirectory))
        return try JSONDecoder().decode(T.self, from: data)
    }
}
