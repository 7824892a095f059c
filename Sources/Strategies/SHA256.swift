import CCrypto

/// SHA-256 over bytes, through libcrypto (for version hashes of strategy sources).
struct SHA256 {
    private var bytes: [UInt8] = []
    mutating func update(_ data: [UInt8]) { bytes += data }
    func hexDigest() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        _ = bytes.withUnsafeBufferPointer { ccrypto_sha256($0.baseAddress, $0.count, &out) }
        return out.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
