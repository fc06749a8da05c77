import Foundation
import Testing
@testable import DLScript

/// Tables of runs: rows added in a sweep's loop, the figures they show (each the history's own last
/// epoch), a failed statement putting the rows back, and bad input.
@Suite struct TableTests {
    func run(_ session: Session, _ source: String) -> [String] {
        session.run(source).flatMap(\.recordedOutput)
    }

    let setup = """
        seed 3
        data = spiral 20 3
        model = sequential
        model.add(linear 2 8)
        model.add(relu)
        model.add(linear 8 3)
        """

    @Test func aSweepFillsTheTableWithEachRunsLastFigures() {
        let s = Session()
        #expect(run(s, setup).isEmpty)
        let out = run(s, """
            runs = table "lr"
            for lr in [0.01, 1]
              h = fit model data epochs=3 batch=60 optimizer=(sgd lr=lr) validation_split=0.25 verbose=0
              runs.add(lr, h)
              print (h.loss[2]) (h.accuracy[2]) (h.val_loss[2]) (h.val_accuracy[2])
            end
            runs
            """)
        #expect(out.count == 5)
        // The oracle: the figures each history itself reports, printed inside the loop.
        let printed = out[0 ..< 2].map { $0.split(separator: " ").map { Double($0)! } }
        let header = out[2], rows = out[3 ..< 5].map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(header == "lr    epochs    loss  accuracy  val_loss  val_accuracy")
        #expect(rows.map { $0[0] } == ["0.01", "1"])
        #expect(rows.map { $0[1] } == ["3", "3"])
        for (row, figures) in zip(rows, printed) {
            for (cell, figure) in zip(row[2...], figures) { #expect(Swift.abs(Double(cell)! - figure) <= 5e-5, "\(cell) vs \(figure)") }
        }
        #expect(run(s, "whos").contains { $0.hasPrefix("runs   table") && $0.hasSuffix("2 runs by lr") })
    }

    @Test func aFailedStatementPutsTheRowsBack() {
        let s = Session()
        _ = run(s, setup + "\nh = fit model data epochs=1 verbose=0\nruns = table")
        let before = run(s, "runs")
        #expect(before == ["table of runs by run: no runs yet (runs.add(NAME, HISTORY))"])
        #expect(run(s, "for i in 1..2; runs.add(i, h); end; nosuch").last?.hasPrefix("error: unknown name 'nosuch'") == true)
        #expect(run(s, "runs").count == 3)          // the loop ran; the failing statement after it was its own
        #expect(run(s, "if true; runs.add(\"x\", h); nosuch; end").first?.hasPrefix("error: unknown name 'nosuch'") == true)
        #expect(run(s, "runs").count == 3)          // the row of the failed block is gone
        #expect(run(s, "runs.add(1, h)\nruns").count == 3)   // the same name replaces its row
    }

    @Test func badTables() {
        let s = Session()
        _ = run(s, setup + "\nh = fit model data epochs=1 verbose=0\nruns = table \"lr\"")
        #expect(run(s, "runs.add(1)") == ["error: add takes 3 arguments, got 2 (usage: runs.add(NAME, HISTORY))"])
        #expect(run(s, "runs.add(1, 2)") == ["error: add: the run must be a history (h = fit ...), not a number"])
        #expect(run(s, "runs.add(model, h)") == ["error: add: the run's name must be a string or a number, not a model"])
        #expect(run(s, "runs.add(1, h, l1=2)") == ["error: add: a table takes no keywords, not 'l1'"])
        #expect(run(s, "table 3") == ["error: table: KEY must be a string, not a number"])
    }

    /// `save runs "runs.csv"`: each run's last figures written in full, the oracle being the histories'
    /// own CSV files (their last lines); `len runs` counts the runs.
    @Test func aTableSavesAsCSVWithEachHistorysLastFigures() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlnb-table-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = Session(inputDirectory: folder, outputDirectory: folder)
        _ = run(s, setup)
        let out = run(s, """
            runs = table "lr"
            a = fit model data epochs=3 batch=60 optimizer=(sgd lr=0.01) validation_split=0.25 verbose=0
            runs.add(0.01, a)
            b = fit model data epochs=3 batch=60 optimizer=(sgd lr=1) validation_split=0.25 verbose=0
            runs.add(1, b)
            save a "h0.01.csv";
            save b "h1.csv";
            len runs
            save runs "runs.csv"
            """)
        #expect(out == ["2", "saved runs.csv (2 runs)"], "\(out)")
        let table = try String(contentsOfFile: folder + "/runs.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(table.first == "lr,epochs,loss,accuracy,val_loss,val_accuracy")
        for (line, lr) in zip(table.dropFirst(), ["0.01", "1"]) {
            // The history's last line: epoch,loss,accuracy,val_loss,val_accuracy,lr.
            let history = try String(contentsOfFile: folder + "/h\(lr).csv", encoding: .utf8).split(separator: "\n")
            let last = history.last!.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(line == ([lr, last[0]] + last[1 ... 4]).joined(separator: ","))
        }
        #expect(run(s, "save runs \"runs.json\"") == ["error: save: a table of runs is saved as .csv, not 'runs.json'"])
    }
}
