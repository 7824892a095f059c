import ArgumentParser
import Engine
import Foundation

/// `cohort config check FILE`: validates a configuration the way `cohort run` will load it.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with configuration files.",
        subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file and its COHORT_* environment overrides; report every problem at once.")

        @Argument(help: "The TOML configuration file.")
        var file: String = "config/cohort.toml"

        @Flag(help: "Also check that the .env file named in [engine] parses (values are never printed).")
        var env = false

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let loaded = Result { () throws(ConfigError) -> CohortConfig in
                let config = try CohortConfig.load(path: file, environment: environment)
                if env { _ = try SecretStore.load(environment: environment, dotEnvPath: config.engine.envFile) }
                return config
            }
            switch loaded {
            case .failure(let error):
                // Every problem on its own line; the exit code says it failed.
                for issue in error.issues { writeStderr("error: \(issue)\n") }
                throw ExitCode(1)
            case .success(let config):
                let venues = config.venues.map { $0.enabled ? $0.name : "\($0.name) (disabled)" }.joined(separator: ", ")
                print("\(file): ok, mode \(config.engine.mode.rawValue), venues: \(venues.ifEmpty("none")), "
                      + "strategies: \(config.strategies.map(\.name).joined(separator: ", ").ifEmpty("none"))")
                for venue in config.venues where venue.enabled {
                    for name in [venue.apiKeyEnv, venue.apiSecretEnv].compactMap({ $0 }) where environment[name] == nil {
                        print("note: \(name) (for \(venue.name)) is not set; live trading on \(venue.name) needs it")
                    }
                }
            }
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
