// dlnb-bench: the project's side of the peer benchmarks (Benchmarks/peers/README.md). The training
// workloads run as a user runs them: statements through a DLScript session (`ScriptBench`).
// Usage: dlnb-bench [--json] [--only NAME[,NAME...]]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A benchmark workload: a name for `--only`, and a run that reports one or more figures.
struct Workload: Sendable {
    var name: String
    var run: @Sendable (_ report: (Figure) -> Void) -> Void
}

/// One measured figure, printed as a peer-style JSON line or as text.
struct Figure {
    var workload: String
    var metric: String
    var value: Double
    /// Further numbers on the same line (the spiral's accuracy).
    var extra: [String: Double] = [:]
    /// Why the workload could not run, if it could not.
    var failure: String? = nil

    var json: String {
        if let failure { return "{\"workload\": \"\(workload)\", \"impl\": \"dlnb\", \"error\": \"\(failure)\"}" }
        let more = extra.sorted { $0.key < $1.key }.map { ", \"\($0.key)\": \($0.value)" }.joined()
        return "{\"workload\": \"\(workload)\", \"impl\": \"dlnb\", \"\(metric)\": \(value)\(more)}"
    }
    var text: String {
        failure.map { "\(workload): error: \($0)" }
            ?? "\(workload): \(value) \(metric)" + extra.sorted { $0.key < $1.key }.map { ", \($0.key) \($0.value)" }.joined()
    }
}

/// Every known workload, in the order they run when none is named. Add new ones here.
let workloads: [Workload] = [spiralWorkload, mlpWorkload, cnnWorkload, cnn32Workload, notebookWorkload, gemmWorkload]

let usage = """
    usage: dlnb-bench [--json] [--only NAME[,NAME...]]
      --json   one JSON line per figure, in the form of ../shared/peers/bench_*.py
      --only   run only the named workloads (known: \(workloads.map(\.name).joined(separator: ", ")))
    """

func fail(_ message: String) -> Never {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(64)  // EX_USAGE
}

var json = false
var selected: [String]? = nil
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--json": json = true
    case "--only":
        guard let list = arguments.popFirst() else { fail("dlnb-bench: --only needs a workload name\n" + usage) }
        selected = list.split(separator: ",").map(String.init)
    case "--help", "-h":
        print(usage)
        exit(0)
    default: fail("dlnb-bench: unknown argument '\(argument)'\n" + usage)
    }
}
for name in selected ?? [] where !workloads.contains(where: { $0.name == name }) {
    fail("dlnb-bench: unknown workload '\(name)' (known: \(workloads.map(\.name).joined(separator: ", ")))")
}
for workload in workloads where selected?.contains(workload.name) ?? true {
    workload.run { figure in
        print(json ? figure.json : figure.text)
        fflush(nil)  // show each figure as soon as it is measured
    }
}
