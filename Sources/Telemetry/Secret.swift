/// Key material (API secrets, private keys) that never shows itself.
///
/// `description`, `debugDescription`, string interpolation, `dump`/`Mirror` and `Codable` all
/// produce `<redacted>`; the only way to the bytes is ``withUnsafeBytes(_:)``, used by the signing
/// service. Decoding is deliberately impossible: secrets come from the environment or `.env`, never
/// from a file the process could echo back.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, Encodable
{
    private let bytes: [UInt8]
    /// Where the value came from (`env:BINANCE_SECRET`), safe to print.
    public let origin: String

    public init(_ value: String, origin: String) {
        self.bytes = Array(value.utf8)
        self.origin = origin
    }

    public init(bytes: [UInt8], origin: String) {
        self.bytes = bytes
        self.origin = origin
    }

    public var isEmpty: Bool { bytes.isEmpty }
    public var count: Int { bytes.count }

    /// The one way to the key material: for signing code only.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    public var description: String { "<redacted \(origin)>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["origin": origin], displayStyle: .struct) }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode("<redacted>")
    }
}
