import Foundation
import ScimDiagParsing

/// Hands a value to another thread that is known to be the only one using it meanwhile.
struct Unchecked<T>: @unchecked Sendable {
  let value: T
}
