import ArgumentParser

/// `--app`, for the commands that narrow their findings to one app (explain, users, report).
struct AppOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Only the findings about this app: a prefix of its name, of a word of its name or of its service principal id, any case (see `scimdiag apps`).",
      valueName: "app"))
  var app: String?
}
