import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The `cohort` command line. Exit codes (DESIGN.md): 0 success, 1 a user error with a one-line
/// reason on stderr, 2 a usage error.
@main
struct Cohort: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "A trading server for quants who trade crypto together, with privacy.",
        version: version,
        subcommands: [
            BenchCommand.self,
            ConfigCommand.self,
            ScriptCommand.self,
            StrategyCommand.self,
            DataCommand.self,
        ]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// Maps every error to the exit-code contract in one place.
    static func exit(withError error: Error) -> Never {
        if let code = error as? ExitCode {
            // The command already said what went wrong.
            Glibc.exit(code.rawValue)
        }
        if let failure = error as? UserFailure {
            writeStderr("error: \(failure.message)\n")
            Glibc.exit(1)
        }
        let code = exitCode(for: error)
        if code == .success {
            // --help and --version print to stdout and succeed.
            print(fullMessage(for: error))
            Glibc.exit(0)
        }
        if code == .validationFailure {
            writeStderr(fullMessage(for: error) + "\n")
            Glibc.exit(2)
        }
        // Any other error escaping a command is a user-facing failure: one line, exit 1.
        let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        writeStderr("error: \(message)\n")
        Glibc.exit(1)
    }
}

/// A user error: bad input, a failed check. Printed as one line on stderr; exit code 1.
struct UserFailure: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

func writeStderr(_ text: String) {
    var text = text
    text.withUTF8 { buffer in _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count) }
}
