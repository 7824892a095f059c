import ArgumentParser
import Foundation
import Strategies

/// `cohort strategy new NAME | check FILE`.
struct StrategyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategy",
        abstract: "Create and check Lua strategies.",
        subcommands: [New.self, Check.self])

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a commented strategy template to strategies/NAME.lua.")

        @Argument(help: "The strategy's name (letters, digits and '_').")
        var name: String

        @Option(help: "Where to write it.")
        var directory = "strategies"

        func validate() throws {
            guard let first = name.first, first.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ValidationError("a strategy name is letters, digits and '_', starting with a letter (got \"\(name)\")")
            }
        }

        func run() async throws {
            let path = (directory as NSString).appendingPathComponent("\(name).lua")
            guard !FileManager.default.fileExists(atPath: path) else { throw UserFailure("\(path) already exists; not overwriting it") }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try StrategyTemplate.text(name: name).write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw UserFailure("cannot write \(path): \(error.localizedDescription)")
            }
            print("wrote \(path); check it with: cohort strategy check \(path)")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a strategy: syntax, forbidden globals, and a dry run over synthetic events within the limits.")

        @Argument(help: "The strategy file.")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw UserFailure("cannot read \(file)") }
            let library = ModuleLibrary.around(file: URL(fileURLWithPath: file))
            let report = StrategyCheck.check(source: String(decoding: data, as: UTF8.self), file: file,
                                             modules: { library.source(of: $0) })
            if report.isOK {
                print("\(file): ok, callbacks: \(report.callbacks.joined(separator: ", ")); "
                      + "\(report.events) synthetic events, \(report.orders) orders")
                return
            }
            for problem in report.problems { writeStderr("\(problem)\n") }
            throw ExitCode(1)
        }
    }
}
