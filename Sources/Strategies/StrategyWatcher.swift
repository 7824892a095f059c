import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Detects changed strategy files in a directory.
///
/// It watches the directory (not the files: editors save by renaming a temporary file over the
/// original, which ends a watch on the file) with inotify when available, and always keeps a
/// polling fallback (inotify does not see writes made by other NFS clients). A change is reported
/// once per new content: no-op saves and editor temporaries are ignored by hashing `*.lua` files.
public final class StrategyWatcher {
    public let directory: URL
    private var hashes: [String: String] = [:]
    private var inotify: Int32 = -1

    public init(directory: URL) {
        self.directory = directory
        _ = scan()  // the current contents are the baseline
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if inotify >= 0 {
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM)
            if inotify_add_watch(inotify, directory.path, mask) < 0 {
                close(inotify)
                inotify = -1
            }
        }
    }

    deinit { if inotify >= 0 { close(inotify) } }

    /// The inotify descriptor to wait on (readable when something changed), or nil when polling only.
    public var fileDescriptor: Int32? { inotify >= 0 ? inotify : nil }

    /// Drains pending inotify events (call when the descriptor is readable); then `scan()`.
    public func drainNotifications() {
        guard inotify >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while read(inotify, &buffer, buffer.count) > 0 {}
    }

    /// Files whose content changed (or appeared) since the last scan, by name, with their text.
    public func scan() -> [(name: String, source: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var changed: [(String, String)] = []
        var seen: Set<String> = []
        for name in names.sorted() where name.hasSuffix(".lua") && !name.hasPrefix(".") && !name.hasSuffix("~") {
            let url = directory.appendingPathComponent(name)
            // Size cap before reading: a strategy is never megabytes long.
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                  (attributes[.size] as? Int ?? 0) <= 1 << 20,
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            seen.insert(name)
            let source = String(decoding: data, as: UTF8.self)
            let hash = Strategy.hash(source)
            if hashes[name] != hash {
                hashes[name] = hash
                changed.append((name, source))
            }
        }
        for name in hashes.keys where !seen.contains(name) { hashes[name] = nil }
        return changed
    }
}
