#if canImport(Glibc)
import Glibc
#endif
import Logging

/// How log lines are written.
public enum LogFormat: String, Sendable, Codable, CaseIterable {
    /// `2026-11-25T07:30:00.123456Z INFO  venues.binance: resynced book [symbol=BTCUSDT]`
    case text
    /// One JSON object per line: `{"ts":…,"level":…,"label":…,"msg":…, metadata…}`.
    case json
}

/// Where log lines go: a file descriptor (stderr by default), one whole line per `write(2)` so
/// concurrent loggers never interleave within a line.
public final class LogSink: Sendable {
    let fileDescriptor: Int32
    public init(fileDescriptor: Int32 = STDERR_FILENO) { self.fileDescriptor = fileDescriptor }

    func write(_ line: inout String) {
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }
}

/// Cohort's swift-log handler: filtered per module at creation, so a filtered-out call costs one
/// level comparison and never formats anything.
public struct CohortLogHandler: LogHandler {
    public let label: String
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    /// False when the module is off: every call is dropped.
    let enabled: Bool
    let format: LogFormat
    let sink: LogSink

    public init(label: String, filter: LogFilter, format: LogFormat, sink: LogSink) {
        self.label = label
        self.format = format
        self.sink = sink
        let level = filter.level(forLabel: label)
        self.enabled = level != nil
        self.logLevel = level ?? .critical
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        guard enabled else { return }
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = format == .json
            ? Self.jsonLine(level: event.level, label: label, message: "\(event.message)", metadata: merged, time: WallClock.now())
            : Self.textLine(level: event.level, label: label, message: "\(event.message)", metadata: merged, time: WallClock.now())
        sink.write(&line)
    }

    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error, .critical: "ERROR"
        }
    }

    static func textLine(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata,
                         time: (seconds: Int64, micros: Int64)) -> String {
        var line = WallClock.iso8601(time)
        line += " "
        let name = levelName(level)
        line += name + String(repeating: " ", count: 5 - name.count)
        line += " \(label): \(message)"
        if !metadata.isEmpty {
            line += " ["
            line += metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            line += "]"
        }
        line += "\n"
        return line
    }

    static func jsonLine(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata,
                         time: (seconds: Int64, micros: Int64)) -> String {
        var line = "{\"ts\":\"\(WallClock.iso8601(time))\",\"level\":\"\(levelName(level).lowercased())\","
        line += "\"label\":\(jsonString(label)),\"msg\":\(jsonString(message))"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where !["ts", "level", "label", "msg"].contains(key) {
            line += ",\(jsonString(key)):\(jsonString("\(value)"))"
        }
        line += "}\n"
        return line
    }

    /// A JSON string literal with the escapes RFC 8259 requires.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The wall clock, for log timestamps only (engine code uses an injected clock).
enum WallClock {
    static func now() -> (seconds: Int64, micros: Int64) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec), Int64(ts.tv_nsec) / 1000)
    }

    /// `2026-11-25T07:30:00.123456Z`
    static func iso8601(_ time: (seconds: Int64, micros: Int64)) -> String {
        var t = time_t(time.seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        let micros = String(time.micros)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: 6 - micros.count) + micros + "Z"
    }
}
