import ArgumentParser
import ScimDiagCore
import ScimDiagParsing

// Core values given on the command line: ArgumentParser checks them and lists the valid ones.

extension RecordKind: ExpressibleByArgument {}

extension Outcome: ExpressibleByArgument {}
extension DetailMode: ExpressibleByArgument {}
