import CReadline
import DLScript
import Foundation

// The command line. The REPL comes with the language issue; the notebook modes are here.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "--version":
    print(LanguageVersion.banner)
case "--help", "-h", nil:
    print(NotebookCommands.usage)
default:
    let commands = NotebookCommands(
        standardOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
        standardError: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
    exit(commands.run(arguments))
}
