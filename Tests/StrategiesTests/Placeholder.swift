import Testing
@testable import Strategies
