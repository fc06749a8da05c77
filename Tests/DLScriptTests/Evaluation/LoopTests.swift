import Testing
@testable import DLScript

/// Running `for` and `if`: the values a loop walks, what it shows, the loop as one statement (a failure or
/// Ctrl-C inside undoes all of it), and the bounds on its work.
@Suite struct LoopTests {
    /// Runs `source` and returns every output line (errors as `error: ...`).
    func run(_ session: Session, _ source: String) -> [String] {
        session.run(source).flatMap(\.recordedOutput)
    }

    @Test func aLoopWalksListsRangesAndTensors() {
        let s = Session()
        #expect(run(s, "for lr in [0.01, 0.1, 1.0]; print \"lr\" lr; end") == ["lr 0.01", "lr 0.1", "lr 1"])
        #expect(run(s, "total = 0\nfor i in 1..100\n  total = total + i\nend\ntotal") == ["5050"])  // Gauss
        #expect(run(s, "for i in 3..1; print i; end") == [])                                      // empty
        #expect(run(s, "for x in arange 3; print x; end") == ["0", "1", "2"])
        #expect(run(s, "for row in tensor [[1, 2], [3, 4]]; print (sum row); end") == ["3", "7"])
        #expect(run(s, "for v in [\"a\", 2, [3]]; print v; end") == ["a", "2", "[3]"])
        #expect(run(s, "n = 3\nfor i in 1..n; end\ni") == ["3"])   // the variable keeps its last value
        // The header's list is evaluated once, before the body changes what it names.
        #expect(run(s, "a = 1\nfor v in [a, a]; print v; a = 5; end") == ["1", "1"])
    }

    @Test func bodyStatementsShowTheirValuesAsAtThePrompt() {
        let s = Session()
        #expect(run(s, "for i in 1..2\n  i * 10\n  j = i\n  i;\nend") == ["10", "20"])
        #expect(run(s, "for i in 1..4\n  if i % 2 == 0\n    print i \"even\"\n  else\n    print i \"odd\"\n  end\nend")
                == ["1 odd", "2 even", "3 odd", "4 even"])
        #expect(run(s, "for i in 1..2; for j in 1..2; print i j; end; end") == ["1 1", "1 2", "2 1", "2 2"])
    }

    @Test func aFailingLoopChangesNothing() {
        let (a, b) = (Session(), Session())
        for s in [a, b] { _ = run(s, "seed 4\nw = param [1.0, 2.0]\nopt = sgd [w] lr=0.5\nx = 1") }
        let outputs = run(a, "for i in 1..3\n  x = i\n  r = randn 2\n  backward (sum (w * w))\n  step opt\n  if i == 2\n    nosuch\n  end\nend")
        #expect(outputs == ["error: unknown name 'nosuch' (in iteration 2 of the loop, i = 2)"])
        // The oracle: a session that never ran the loop.
        for probe in ["x", "w", "w.grad", "randn 2", "i"] { #expect(run(a, probe) == run(b, probe), "\(probe)") }
    }

    @Test func anInterruptedLoopStopsAndIsUndone() {
        let s = Session()
        _ = run(s, "seed 2\ncount = 0")
        var polls = 0
        s.isInterruptRequested = { polls += 1; return polls > 50 }
        let outcomes = s.run("for i in 1..1000000000000\n  count = count + 1\n  r = randn 1\nend")
        #expect(outcomes.count == 1 && outcomes[0].interrupted)
        #expect(outcomes[0].error?.message.hasPrefix("interrupted in iteration ") == true)
        s.isInterruptRequested = { false }
        #expect(run(s, "count") == ["0"])
        #expect(run(s, "randn 1") == run(Session(seed: 2), "randn 1"))
        // `:save` leaves it out: it changed nothing, and a replay would run it whole.
        var recorder = NotebookRecorder(seed: 0)
        recorder.record(outcomes[0])
        #expect(recorder.count == 0)
    }

    @Test func badLoops() {
        let s = Session()
        #expect(run(s, "for relu in [1]; end") == ["error: cannot use 'relu' as the loop variable: it is a built-in name; name it differently, e.g. 'relu_'"])
        #expect(run(s, "for i in 5; end") == ["error: a for loop walks a list, a tensor or a range, not a number; to count, write for i in 1..N"])
        #expect(run(s, "for i in \"abc\"; end") == ["error: a for loop walks a list, a tensor or a range 'first..last', not a string"])
        #expect(run(s, "for i in 1..1e300; end") == ["error: the range's last bound must be at most 2^53 in size, not 1e+300"])
        #expect(run(s, "for i in 1.5..3; end") == ["error: the range's first bound must be a whole number, not 1.5"])
        #expect(run(s, "for i in 1..\"a\"; end") == ["error: the range's last bound must be a whole number, not a string"])
        #expect(run(s, "if \"a\"; end") == ["error: a string is neither true nor false"])
        #expect(run(s, "for = 2") == ["error: expected the loop variable's name after 'for', found '='"])
    }

    @Test func aBlockStreamsItsLinesAsItRuns() {
        let s = Session()
        var streamed: [String] = []
        s.onStreamedOutput = { streamed.append($0) }
        let outcomes = s.run("print 0\nfor i in 1..2\n  print \"pass\" i\n  tensor [[i, 0], [0, i]]\nend")
        #expect(streamed == ["pass 1", "[[1, 0],\n [0, 1]]", "pass 2", "[[2, 0],\n [0, 2]]"])
        #expect(outcomes.map(\.streamedLines) == [0, 6])   // a top-level statement's output is not streamed
        #expect(outcomes[1].output == streamed.joined(separator: "\n"))
    }

    @Test func aListDoubledInALoopStaysCheap() {
        // `x = [x, x]` doubles the list's items each pass while sharing its storage: 2^40 leaves in 40
        // lists. The checkpoint of every later statement walks each list once, and showing it elides.
        let s = Session()
        #expect(run(s, "x = \"a\"\nfor i in 1..40; x = [x, x]; end\ny = 1\ny") == ["1"])
        let shown = run(s, "x")
        #expect(shown.count == 1 && shown[0].hasPrefix("[[[[") && shown[0].hasSuffix("...]"))
        #expect(shown[0].count < Session.maximumListText + 400)
        #expect(run(s, "[1, \"a\", [2, \"b\"]]") == ["[1, a, [2, b]]"])
    }

    @Test func aLoopShowsAtMostTenThousandLines() {
        let lines = run(Session(), "for i in 1..20000; print i; end")
        #expect(lines.count == Session.maximumOutputLines + 1)
        #expect(lines.last == "... (more output left out: a statement shows at most 10000 lines)")
    }
}
