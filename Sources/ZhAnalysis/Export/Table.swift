/// A cell of an exported table: SQL's four storage classes (no blobs).
public enum TableValue: Hashable, Sendable {
    case null
    case integer(Int)
    case real(Double)
    case text(String)

    public init(_ v: String?) { self = v.map { .text($0) } ?? .null }
    public init(_ v: Int?) { self = v.map { .integer($0) } ?? .null }
    public init(_ v: Double?) { self = v.map { .real($0) } ?? .null }
    public init(_ v: Bool?) { self = v.map { .integer($0 ? 1 : 0) } ?? .null }
}

/// The type of a column, as SQLite declares it and as docs/tables.md names it.
public enum ColumnType: String, Sendable {
    case integer = "INTEGER"
    case real = "REAL"
    case text = "TEXT"
    /// A JSON array or object written as text (lists: qualifiers, aliases, authors…).
    case json = "JSON"
}

public struct TableColumn: Sendable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool
    public init(_ name: String, _ type: ColumnType, nullable: Bool = false) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// One exported table: its columns in order, its key, what it refers to and what it is indexed by.
/// The same description drives the JSON Lines, CSV and SQLite writers and docs/tables.md.
public struct TableSchema: Sendable {
    public var name: String
    public var columns: [TableColumn]
    public var primaryKey: [String]
    /// Column → referenced table (its primary key).
    public var foreignKeys: [(column: String, table: ExportTable)]
    /// Column lists with an index in SQLite.
    public var indexes: [[String]]

    public init(name: String, columns: [TableColumn], primaryKey: [String],
                foreignKeys: [(column: String, table: ExportTable)] = [], indexes: [[String]] = []) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
        self.indexes = indexes
    }
}

/// A row of one table: values in the order of its schema's columns.
public struct TableRow: Hashable, Sendable {
    public var table: ExportTable
    public var values: [TableValue]
    public init(_ table: ExportTable, _ values: [TableValue]) {
        self.table = table
        self.values = values
    }
}
