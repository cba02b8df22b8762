import Foundation

/// A JSON value, decoded without Foundation's bridging (so booleans and numbers stay apart).
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(o) = self { return o[key] }
        return nil
    }
}

/// A small JSON Schema validator for the subset docs/kb.schema.json uses: type, enum,
/// properties, required, additionalProperties (bool or schema), items, minimum, maximum and
/// local `$ref`s ("#/$defs/name"). Returns the violations as "path: problem" strings.
struct SchemaValidator {
    let root: JSONValue

    init(schema url: URL) throws {
        root = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
    }

    func validate(_ data: Data) throws -> [String] {
        let value = try JSONDecoder().decode(JSONValue.self, from: data)
        var errors: [String] = []
        check(value, against: root, path: "$", errors: &errors)
        return errors
    }

    private func resolve(_ schema: JSONValue) -> JSONValue? {
        guard case let .string(ref)? = schema["$ref"] else { return schema }
        guard ref.hasPrefix("#/$defs/"), let target = root["$defs"]?[String(ref.dropFirst("#/$defs/".count))] else { return nil }
        return resolve(target)
    }

    private func check(_ value: JSONValue, against raw: JSONValue, path: String, errors: inout [String]) {
        guard let schema = resolve(raw) else { errors.append("\(path): unresolved $ref"); return }
        if case let .array(options)? = schema["enum"], !options.contains(value) {
            errors.append("\(path): \(value) not in enum")
        }
        if case let .string(type)? = schema["type"] {
            let ok: Bool
            switch (type, value) {
            case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number):
                ok = true
            case let ("integer", .number(d)):
                ok = d == d.rounded()
            default:
                ok = false
            }
            if !ok { errors.append("\(path): expected \(type)"); return }
        }
        if case let .number(d) = value {
            if case let .number(min)? = schema["minimum"], d < min { errors.append("\(path): below minimum \(min)") }
            if case let .number(max)? = schema["maximum"], d > max { errors.append("\(path): above maximum \(max)") }
        }
        if case let .object(object) = value {
            if case let .array(required)? = schema["required"] {
                for case let .string(key) in required where object[key] == nil { errors.append("\(path): missing required \(key)") }
            }
            for (key, v) in object.sorted(by: { $0.key < $1.key }) {
                if let p = schema["properties"]?[key] {
                    check(v, against: p, path: "\(path).\(key)", errors: &errors)
                } else if let extra = schema["additionalProperties"] {
                    if extra == .bool(false) { errors.append("\(path): unexpected property \(key)") }
                    else if case .object = extra { check(v, against: extra, path: "\(path).\(key)", errors: &errors) }
                }
            }
        }
        if case let .array(array) = value, let items = schema["items"] {
            for (i, v) in array.enumerated() { check(v, against: items, path: "\(path)[\(i)]", errors: &errors) }
        }
    }
}
