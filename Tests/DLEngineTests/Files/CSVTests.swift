import Testing
import DLEngine

/// CSV files: header detection, label columns and their numbering, and errors that name the line.
@Suite struct CSVTests {
    @Test func headerAndStringLabelsAreDetected() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("iris.csv", text: """
            sepal_length,sepal_width,species
            5.1,3.5,setosa
            7.0,3.2,versicolor\r
            6.3, 3.3 ,virginica

            4.9,3.0,setosa

            """)
        let data = try Dataset.loadCSV(path: path)
        #expect(data.inputs.shape == [4, 2])
        #expect(data.inputs.data == [5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0])
        #expect(data.labels == [0, 1, 2, 0])  // sorted: setosa, versicolor, virginica
        #expect(data.classCount == 3)
        #expect(errorMessage { try Dataset.loadCSV(path: path, label: "sepal_width") }
                == "\(path): line 2, column 'species': 'setosa' is not a finite number")
    }

    @Test func labelByIndexAndNumericLabels() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("plain.csv", text: "2,0.5,1.5\n0,1.5,2.5\n1,-1,3\n")
        let first = try Dataset.loadCSV(path: path, label: 0)
        #expect(first.labels == [2, 0, 1] && first.classCount == 3)
        #expect(first.inputs.data == [0.5, 1.5, 1.5, 2.5, -1, 3])
        // Numbers that are not all whole are ambiguous: classes or real values? Told, they are either.
        #expect(errorMessage { try Dataset.loadCSV(path: path, label: 1) }
                == "\(path): line 1, column 2: the label column 2 holds numbers that are not whole ('0.5'): "
                + "say target=\"values\" for real-valued (regression) targets, or target=\"classes\" for class labels")
        let negative = try Dataset.loadCSV(path: path, label: 1, target: .classes)  // 0.5, 1.5, -1: sorted and numbered
        #expect(negative.labels == [1, 2, 0])
        let last = try Dataset.loadCSV(path: path, label: -1, target: .classes)
        #expect(last.labels == [0, 1, 2] && last.classCount == 3)  // 1.5, 2.5, 3 are not all whole
        let values = try Dataset.loadCSV(path: path, label: 1, target: .values)
        #expect(values.targets.valuesTensor?.shape == [3, 1] && values.targets.valuesTensor?.data == [0.5, 1.5, -1])
        #expect(values.inputs.data == [2, 1.5, 0, 2.5, 1, 3])
        // Whole numbers as values too (a price in whole dollars is still a value).
        #expect(try Dataset.loadCSV(path: path, label: 0, target: .values).targets.valuesTensor?.data == [2, 0, 1])
        let quoted = try folder.write("quoted.csv", text: "\"a, b\",label\n1,\"x \"\"y\"\"\"\n2,z\n")
        let q = try Dataset.loadCSV(path: quoted, label: "label")
        #expect(q.labels == [0, 1])  // "x \"y\"" sorts before "z"
    }

    @Test func nonFiniteTargetsAreRefusedWhateverTheKind() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("nan.csv", text: "x,y\n1,0.5\n2,nan\n3,1.5\n")
        for kind in TargetKind.allCases {
            #expect(errorMessage { try Dataset.loadCSV(path: path, target: kind) }
                    == "\(path): line 3, column 'y': the target 'nan' is not a finite number")
        }
        let word = try folder.write("word.csv", text: "x,y\n1,0.5\n2,high\n")
        #expect(errorMessage { try Dataset.loadCSV(path: word, target: .values) }
                == "\(word): line 3, column 'y': the target 'high' is not a finite number (target=\"values\")")
    }

    @Test func badFilesNameTheLineAndColumn() throws {
        let folder = try TemporaryFolder()
        let missing = try folder.write("missing.csv", text: "a,b,label\n1,2,x\n3,,y\n")
        #expect(errorMessage { try Dataset.loadCSV(path: missing) } == "\(missing): line 3, column 'b': missing value")
        let word = try folder.write("word.csv", text: "1,2,0\n3,four,1\n")
        #expect(errorMessage { try Dataset.loadCSV(path: word) } == "\(word): line 2, column 2: 'four' is not a finite number")
        let short = try folder.write("short.csv", text: "1,2,0\n3,4,1\n5,6\n")
        #expect(errorMessage { try Dataset.loadCSV(path: short) } == "\(short): line 3 has 2 columns where the first row has 3")
        let empty = try folder.write("empty.csv", text: "\n  \n")
        #expect(errorMessage { try Dataset.loadCSV(path: empty) } == "\(empty): the file is empty (no rows)")
        let headerOnly = try folder.write("header.csv", text: "x,y,label\n")
        #expect(errorMessage { try Dataset.loadCSV(path: headerOnly) } == "\(headerOnly): the file has a header row but no data rows")
        #expect(errorMessage { try Dataset.loadCSV(path: word, label: "label") }
                == "\(word): the label column 'label' needs a header row, and the file has none")
        #expect(errorMessage { try Dataset.loadCSV(path: missing, label: "c") }
                == "\(missing): there is no column named 'c'; the header has 'a', 'b', 'label'")
        #expect(errorMessage { try Dataset.loadCSV(path: word, label: 3) }
                == "\(word): there is no label column 3: the rows have 3 columns (0 ..< 3)")
        let infinite = try folder.write("inf.csv", text: "1,inf,0\n")
        #expect(errorMessage { try Dataset.loadCSV(path: infinite, header: false) }.contains("line 1, column 2: 'inf' is not a finite number"))
        let open = try folder.write("open.csv", text: "1,\"2,0\n")
        #expect(errorMessage { try Dataset.loadCSV(path: open) } == "\(open): line 1: a quoted field is not closed")
        #expect(errorMessage { try Dataset.loadCSV(path: folder.path + "/nothing.csv") }.hasSuffix("no such file"))
    }
}
