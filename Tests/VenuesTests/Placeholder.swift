import Testing
@testable import Venues
