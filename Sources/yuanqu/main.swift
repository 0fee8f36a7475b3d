import Foundation
import Vapor
import YuanquServer

var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
var failed = false
do {
    try await configure(app, config: try AppConfig.fromEnvironment())
    let args = env.arguments.dropFirst()
    if (args.first == nil || args.first == "serve") && !args.contains("--help") && !args.contains("-h") {
        try await prepareForServe(app, arguments: Array(args))
    }
    try await app.execute()
} catch {
    FileHandle.standardError.write(Data(("error: " + describe(error) + "\n").utf8))
    failed = true
}
try? await app.asyncShutdown()
if failed { exit(1) }
