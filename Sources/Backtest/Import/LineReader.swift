import CCrypto
import Foundation

/// Streams the lines of a file with constant memory: plain text, or gzip/zstd through the system
/// `gzip -dc` / `zstd -dc` (a pipe, never the whole file in memory). Also hashes the raw file.
final class LineReader {
    let path: String
    private let handle: FileHandle
    private let process: Process?
    private var buffer = [UInt8]()
    /// Where the unread part of `buffer` starts (consumed bytes are dropped in bulk, not per line).
    private var position = 0
    private var eof = false
    private(set) var lineNumber = 0

    init(path: String) throws(ImportError) {
        self.path = path
        guard FileManager.default.isReadableFile(atPath: path) else { throw ImportError(file: path, line: nil, reason: "cannot read the file") }
        let decompressor: [String]? = path.hasSuffix(".gz") ? ["/bin/gzip", "-dc", path]
            : path.hasSuffix(".zst") ? ["/usr/bin/zstd", "-dc", path] : nil
        if let decompressor {
            guard FileManager.default.isExecutableFile(atPath: decompressor[0]) else {
                throw ImportError(file: path, line: nil, reason: "\(decompressor[0]) is needed to read this file (apt-get install \(decompressor[0].split(separator: "/").last!))")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: decompressor[0])
            process.arguments = Array(decompressor.dropFirst())
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { throw ImportError(file: path, line: nil, reason: "cannot start \(decompressor[0]): \(error)") }
            self.process = process
            handle = pipe.fileHandleForReading
        } else {
            guard let file = FileHandle(forReadingAtPath: path) else { throw ImportError(file: path, line: nil, reason: "cannot open the file") }
            process = nil
            handle = file
        }
    }

    deinit {
        if let process, process.isRunning { process.terminate() }
    }

    /// The next line without its newline, or nil at the end.
    func next() throws(ImportError) -> Substring? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = Substring(decoding: buffer[position..<newline], as: UTF8.self)
                position = newline + 1
                lineNumber += 1
                return line
            }
            if eof {
                guard position < buffer.count else { return nil }
                let line = Substring(decoding: buffer[position...], as: UTF8.self)
                position = buffer.count
                lineNumber += 1
                return line
            }
            // Drop what was consumed before reading more: one move per chunk, not per line.
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty {
                eof = true
                if let process {
                    process.waitUntilExit()
                    if process.terminationStatus != 0 {
                        throw ImportError(file: path, line: nil, reason: "the file is not valid compressed data (decompressor exit \(process.terminationStatus))")
                    }
                }
            } else {
                buffer.append(contentsOf: chunk)
            }
        }
    }

    /// SHA-256 of the file's bytes (as stored), hex: the identity that makes imports idempotent.
    static func fileHash(_ path: String) throws(ImportError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path), let context = ccrypto_sha256_begin() else {
            throw ImportError(file: path, line: nil, reason: "cannot read the file")
        }
        defer { try? handle.close() }
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            _ = chunk.withUnsafeBytes { ccrypto_sha256_update(context, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), $0.count) }
        }
        var digest = [UInt8](repeating: 0, count: 32)
        _ = ccrypto_sha256_end(context, &digest)
        return digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// An import problem: the file, the line when known, and why.
public struct ImportError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let reason: String
    public var description: String { line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)" }
}
