import ArgumentParser
import Foundation
import ScimDiagCore
import ScimDiagParsing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

struct TestServer: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test-server",
    abstract: "Check a SCIM endpoint for the defects that leave deprovisioned users active.",
    discussion: """
      Sends the requests Entra sends when it matches, disables and deletes users (its filter \
      encoding, its create body, PATCH with "Replace" and the string "False", the \
      ?aadOptscim062020 form with a boolean, DELETE, its random-GUID probe) to two test users \
      it creates with unique userNames (scimdiag-test-…@scimdiag.invalid and one with an \
      apostrophe and a plus sign) and deletes at the end. No other resource is read or \
      changed. Each check says pass or fail, the request and answer it rests on, the cause a \
      failure produces in production (docs/rules.md) and the fix.

      The bearer token comes from a file (--token-file) or an environment variable \
      (--token-env), never from the command line; it is sent only in the Authorization header \
      and never printed or written.

      Exit status: 0 every check passed; 1 a check failed; 2 the endpoint could not be tested \
      (unreachable, token refused, request budget spent).

      Examples:
        scimdiag test-server https://app.example.com/scim/v2 --token-env SCIM_TOKEN
        scimdiag test-server http://localhost:8080/scim/v2 --token-file token.txt --log exchange.jsonl
        scimdiag test-server https://app.example.com/scim/v2 --dry-run
      """)

  @Argument(help: ArgumentHelp("The SCIM base URL, as in Entra's tenant URL.", valueName: "url"))
  var url: String

  @Option(help: ArgumentHelp("Read the bearer token from this file (its first line).", valueName: "file"))
  var tokenFile: String?

  @Option(help: ArgumentHelp("Read the bearer token from this environment variable.", valueName: "name"))
  var tokenEnv: String?

  @Flag(help: "Print the requests that would be sent (with a compliant server's answers), sending nothing.")
  var dryRun = false

  static let formats: [OutputFormat] = [.text, .json, .markdown]

  @Option(help: OutputFormat.help(formats))
  var format: OutputFormat = .text

  @Option(
    help: ArgumentHelp(
      "Also write the exchange as a SCIM request log (JSON lines) that scimdiag ingest reads.", valueName: "file"))
  var log: String?

  @Option(help: "Seconds to wait for each answer.")
  var timeout: Double = 10

  @Option(help: "The most requests to send.")
  var maxRequests = 40

  @Flag(help: "Do not verify the server's TLS certificate (not available in this build: see --help).")
  var insecure = false

  func validate() throws {
    try format.check(Self.formats)
    guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
      parsed.host != nil
    else {
      throw ValidationError(
        "'\(url)' is not an http(s) URL; give the SCIM base URL, such as https://app.example.com/scim/v2")
    }
    if tokenFile != nil && tokenEnv != nil { throw ValidationError("give --token-file or --token-env, not both") }
    if tokenFile == nil && tokenEnv == nil && !dryRun {
      throw ValidationError(
        "give the bearer token with --token-file FILE or --token-env NAME (never on the command line)")
    }
    if insecure {
      throw ValidationError(
        "--insecure is not available: this build's HTTP client (Foundation's URLSession on Linux) always verifies TLS. Add the server's CA to the system's trust store (update-ca-certificates), or test over http:// on a loopback address"
      )
    }
    if timeout <= 0 || timeout > 300 { throw ValidationError("--timeout must be between 0 and 300 seconds") }
    if maxRequests < 20 || maxRequests > 200 { throw ValidationError("--max-requests must be between 20 and 200") }
  }

  func readToken() throws -> String {
    if let tokenEnv {
      guard let value = ProcessInfo.processInfo.environment[tokenEnv], !value.isEmpty else {
        printError("error: the environment variable \(tokenEnv) is not set or empty")
        throw ExitCode(2)
      }
      return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    guard let tokenFile, let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
      printError("error: cannot read the token file \(tokenFile ?? "")")
      throw ExitCode(2)
    }
    let token =
      text.split(whereSeparator: \.isNewline).first.map(String.init)?
      .trimmingCharacters(in: .whitespaces) ?? ""
    if token.isEmpty {
      printError("error: the token file \(tokenFile) is empty")
      throw ExitCode(2)
    }
    return token
  }

  func run() throws {
    var base = url
    while base.hasSuffix("/") { base.removeLast() }
    let transport: any TestTransport =
      dryRun ? DryRunTransport() : URLSessionTransport(base: base, token: try readToken(), timeout: timeout)
    let unique = String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8))
    let tester = ServerTester(
      transport: transport, baseURL: base, budget: maxRequests, token: unique,
      now: {
        let t = Date().timeIntervalSince1970
        return Timestamp.render(epochSeconds: Int64(t), fraction7: Int64((t - t.rounded(.down)) * 10_000_000))
      })
    let report = tester.run(dryRun: dryRun)
    switch format {
    case .json: print(try JSONOutput.encode(report))
    case .markdown: print(ServerTestRenderer.markdown(report), terminator: "")
    default: print(ServerTestRenderer.text(report), terminator: "")
    }
    if let log, !dryRun {
      do {
        try ServerTestRenderer.requestLog(report).write(toFile: log, atomically: true, encoding: .utf8)
      } catch {
        throw fail(ScimDiagError.cannotWrite(path: log, reason: error.localizedDescription))
      }
    }
    if report.stopped != nil { throw ExitCode(2) }
    if !report.passed { throw ExitCode(1) }
  }
}

/// Sends requests with Foundation's URLSession: the bearer token in the Authorization header
/// only, no cookies, no cache, no redirects followed (a redirect could carry the token
/// elsewhere), and a timeout per request.
final class URLSessionTransport: NSObject, TestTransport, URLSessionTaskDelegate, @unchecked Sendable {
  let base: String
  let token: String
  let timeout: Double
  private var session: URLSession!

  init(base: String, token: String, timeout: Double) {
    self.base = base
    self.token = token
    self.timeout = timeout
    super.init()
    let config = URLSessionConfiguration.ephemeral
    config.timeoutIntervalForRequest = timeout
    config.timeoutIntervalForResource = timeout
    config.httpCookieStorage = nil
    config.urlCache = nil
    session = URLSession(configuration: config, delegate: self, delegateQueue: nil)
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
  ) {
    completionHandler(nil)
  }

  final class Box: @unchecked Sendable {
    var result: Result<TestResponse, TransportFailure> = .failure(.unreachable("no answer"))
  }

  func send(_ request: TestRequest) throws(TransportFailure) -> TestResponse {
    guard let url = URL(string: base + request.path) else {
      throw .unreachable("not a valid URL: \(base + request.path)")
    }
    var r = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
    r.httpMethod = request.method
    r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    r.setValue("application/scim+json", forHTTPHeaderField: "Accept")
    r.setValue("scimdiag-test-server/\(ScimDiagVersion.current)", forHTTPHeaderField: "User-Agent")
    if let body = request.body {
      r.httpBody = Data(body.utf8)
      r.setValue("application/scim+json", forHTTPHeaderField: "Content-Type")
    }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let start = Date()
    let timeout = self.timeout
    session.dataTask(with: r) { data, response, error in
      let ms = Int(Date().timeIntervalSince(start) * 1000)
      if let http = response as? HTTPURLResponse {
        box.result = .success(
          TestResponse(
            status: http.statusCode, body: String(decoding: data ?? Data(), as: UTF8.self), milliseconds: ms))
      } else if let e = error as? URLError, e.code == .timedOut {
        box.result = .failure(.timedOut(seconds: timeout))
      } else {
        box.result = .failure(.unreachable(error.map { ($0 as NSError).localizedDescription } ?? "no HTTP answer"))
      }
      done.signal()
    }.resume()
    done.wait()
    return try box.result.get()
  }
}

/// The dry run's transport: answers as a compliant server would, so every request the checks
/// make is listed, with placeholder ids.
final class DryRunTransport: TestTransport {
  private var active: [String: Bool] = [:]
  private var names: [String: String] = [:]

  func send(_ request: TestRequest) throws(TransportFailure) -> TestResponse {
    let user = "urn:ietf:params:scim:schemas:core:2.0:User"
    func resource(_ id: String) -> String {
      "{\"schemas\":[\"\(user)\"],\"id\":\"\(id)\",\"userName\":\"\(names[id] ?? "")\",\"active\":\(active[id] ?? true)}"
    }
    let path = request.path
    switch request.method {
    case "POST":
      let id = "{id-\(names.count + 1)}"
      let name = (try? JSONValue.parse(request.body ?? ""))?["userName"]?.text ?? ""
      names[id] = name
      active[id] = true
      return TestResponse(status: 201, body: resource(id), milliseconds: 0)
    case "GET" where path.contains("filter="):
      let value = path.components(separatedBy: "%22").dropFirst().first?.removingPercentEncoding ?? ""
      let ids = names.filter { $0.value.lowercased() == value.lowercased() }.map(\.key).sorted()
      return TestResponse(
        status: 200,
        body:
          "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":\(ids.count),\"Resources\":[\(ids.map(resource).joined(separator: ","))]}",
        milliseconds: 0)
    default:
      let id = String(path.dropFirst("/Users/".count))
      guard names[id] != nil else {
        return TestResponse(
          status: 404,
          body:
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"404\",\"detail\":\"not found\"}",
          milliseconds: 0)
      }
      switch request.method {
      case "DELETE":
        names[id] = nil
        return TestResponse(status: 204, body: "", milliseconds: 0)
      case "PATCH":
        let value = (try? JSONValue.parse(request.body ?? ""))?["Operations"]?.arrayValue?.first?["value"]?.text
        active[id] = value?.lowercased() == "true"
        return TestResponse(status: 204, body: "", milliseconds: 0)
      default:
        return TestResponse(status: 200, body: resource(id), milliseconds: 0)
      }
    }
  }
}
