import Foundation

/// Locations of the shared exchange fixtures and recordings used by the plugin tests.
enum PluginFixtures {
    static let root = "/work/shared/exchanges/fixtures"

    static func bytes(_ venue: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(venue)/\(name)")))
    }
}
