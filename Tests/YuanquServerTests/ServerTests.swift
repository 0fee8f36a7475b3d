import XCTest
import VaporTesting
