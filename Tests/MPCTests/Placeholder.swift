import Testing
@testable import MPC
