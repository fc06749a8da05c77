import Testing
import DLEngine

@Suite struct StandardizerTests {
    /// Worked by hand: column 0 is 1 and 3 (mean 2, population std 1), column 1 is constant 10 (std 0 → 1).
    @Test func handWorkedExample() throws {
        let inputs = try Tensor([[1, 10], [3, 10]])
        let standardizer = try Standardizer(fittingTo: inputs)
        #expect(standardizer.mean == [2, 10] && standardizer.standardDeviation == [1, 1])
        #expect(standardizer.featureShape == [2])
        #expect(try standardizer.transform(inputs).data == [-1, 0, 1, 0])
        #expect(try standardizer.transform(Tensor([[5, 12]])).data == [3, 2])
    }

    @Test func trainingPartGetsMeanZeroAndStdOne() throws {
        var generator = RandomGenerator(seed: 12)
        let data = try Dataset.blobs(samples: 500, classes: 3, std: 2, using: &generator)
        let (train, test) = try data.split(trainFraction: 0.8, using: &generator)
        let standardizer = try Standardizer(fittingTo: train)
        let scaled = try standardizer.transform(train)
        #expect(scaled.labels == train.labels && scaled.name == train.name && scaled.inputs.shape == [400, 2])
        for feature in 0 ..< 2 {
            let column = stride(from: feature, to: scaled.inputs.count, by: 2).map { Double(scaled.inputs.data[$0]) }
            let mean = column.reduce(0, +) / Double(column.count)
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)
            #expect(Swift.abs(mean) < 1e-5)
            #expect(isClose(variance.squareRoot(), 1, relative: 1e-5))
        }
        // The test part uses the training statistics, not its own.
        let scaledTest = try standardizer.transform(test)
        for i in 0 ..< test.inputs.count {
            let feature = i % 2
            let expected = (Double(test.inputs.data[i]) - standardizer.mean[feature]) / standardizer.standardDeviation[feature]
            #expect(isClose(scaledTest.inputs.data[i], expected, relative: 1e-6, absolute: 1e-6))
        }
    }

    @Test func imageFeaturesArePerPosition() throws {
        let inputs = try Tensor(shape: [2, 1, 1, 2], data: [0, 5, 4, 5])
        let standardizer = try Standardizer(fittingTo: inputs)
        #expect(standardizer.featureShape == [1, 1, 2] && standardizer.mean == [2, 5])
        let scaled = try standardizer.transform(inputs)
        #expect(scaled.shape == [2, 1, 1, 2] && scaled.data == [-1, 0, 1, 0])
    }

    @Test func errors() throws {
        #expect(throws: EngineError.self) { try Standardizer(fittingTo: Tensor(3)) }
        #expect(throws: EngineError.self) { try Standardizer(fittingTo: Tensor(shape: [0, 2], data: [])) }
        let standardizer = try Standardizer(fittingTo: Tensor([[1, 2], [3, 4]]))
        #expect(throws: EngineError.shapeMismatch(operation: "standardize", [2, 3], [2, 2])) {
            try standardizer.transform(Tensor([[1, 2, 3], [4, 5, 6]]))
        }
        #expect(throws: EngineError.self) { try standardizer.transform(Tensor(1)) }
        #expect(try standardizer.transform(Tensor(shape: [0, 2], data: [])).shape == [0, 2])
    }
}
