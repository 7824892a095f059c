import Foundation
import Testing
@testable import Strategies

@Suite("The strategy watcher reports real content changes once")
struct WatcherTests {
    @Test func reportsChangedFilesOnceAndIgnoresNoOpSavesAndTemporaries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("momentum.lua")
        try "return {}".write(to: file, atomically: true, encoding: .utf8)
        let watcher = StrategyWatcher(directory: directory)
        #expect(watcher.scan().isEmpty)

        // An editor-style save: write a temporary, rename it over the original.
        let temporary = directory.appendingPathComponent(".momentum.lua.swp")
        try "return { version = 2 }".write(to: temporary, atomically: false, encoding: .utf8)
        #expect(rename(temporary.path, file.path) == 0)
        let changes = watcher.scan()
        #expect(changes.map(\.name) == ["momentum.lua"])
        #expect(changes.first?.source == "return { version = 2 }")
        #expect(watcher.scan().isEmpty)

        // Same content again: nothing to do.
        try "return { version = 2 }".write(to: file, atomically: true, encoding: .utf8)
        #expect(watcher.scan().isEmpty)
        try "notes".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        #expect(watcher.scan().isEmpty)
        #expect(watcher.fileDescriptor != nil)
    }
}
