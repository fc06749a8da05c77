import CReadline
import DLScript
import Foundation

// The command line. Only --version and --help exist so far; the REPL, `run`, `check` and `export` come
// with the language and notebook issues.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "--version":
    print(LanguageVersion.banner)
case "--help", "-h":
    print("""
    usage: dlnb --version | --help
    (the REPL and notebook commands are not built yet)
    """)
default:
    FileHandle.standardError.write(Data("dlnb: the language is not built yet; try --help\n".utf8))
    exit(64)
}
