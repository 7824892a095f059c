import Foundation

/// Finds `require`d modules: `<library>/<name>.lua` with dots as folders, text only, size-capped.
public struct ModuleLibrary: Sendable {
    public let directories: [URL]

    public init(directories: [URL]) { self.directories = directories }

    /// The library folders for a strategy file: `lib/` beside it, then `strategies/lib`.
    public static func around(file: URL) -> ModuleLibrary {
        let beside = file.deletingLastPathComponent().appendingPathComponent("lib")
        let shipped = URL(fileURLWithPath: "strategies/lib")
        return ModuleLibrary(directories: beside.standardizedFileURL == shipped.standardizedFileURL ? [beside] : [beside, shipped])
    }

    public func source(of name: String) -> String? {
        // Names were validated by the sandbox (letters, digits, '_' and '.'); '.' separates folders.
        let relative = name.split(separator: ".").joined(separator: "/") + ".lua"
        for directory in directories {
            let url = directory.appendingPathComponent(relative)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                  (attributes[.size] as? Int ?? .max) <= 1 << 20,
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            return String(decoding: data, as: UTF8.self)
        }
        return nil
    }
}
