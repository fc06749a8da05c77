/// The plan of ``DenseStack``: which orientation each product runs in, by a cost model, and the buffers
/// those orientations need.
extension DenseStack {
    /// Chooses each product's orientation by its cost for a full batch and allocates the buffers that
    /// orientation needs. Costs in rough cycles: a vector FMA ½ (two ports), a scalar move 1, an
    /// elementwise vector operation 1.
    /// - Returns: `false` if the plan came out inconsistent (the step then runs layer by layer).
    /// - Parameter computesInputGradient: whether the first stage needs Wᵀ for ∂x too.
    func plan(computesInputGradient: Bool) throws -> Bool {
        let batch = capacity, rowTiles = (capacity + 3) / 4
        let columnVectors = capacity <= 16 ? 1 : 2
        func fmas(_ tiles: Int, _ steps: Int) -> Double { Double(tiles * steps * 8) / 2 }
        func vectorPairs(_ width: Int) -> Int { (width + 31) / 32 }
        // Forward, front to back: feature-major when cheaper, counting what providing xᵀ costs: loading
        // it (stage 0), or the previous stage's second product, which needs that stage's own input
        // feature-major. (A transpose of the previous outputs never wins for batches of at most 32: it
        // costs as much as the row-major product it would save.)
        for (l, stage) in stages.enumerated() {
            let (k, n) = (stage.inputs, stage.outputs)
            let byRows = fmas(rowTiles * vectorPairs(n), k) + Double(batch * stage.outputWidth / 16)
            var byColumns = fmas((n + 3) / 4, k) + Double(n * columnVectors) + Double(2 * batch * n)
            if l == 0 {
                byColumns += Double(batch * k)
            } else if !stages[l - 1].forwardByColumns {
                let previous = stages[l - 1]
                let canProduce = l == 1 || stages[l - 2].producesColumns
                byColumns += canProduce ? fmas((previous.outputs + 3) / 4, previous.inputs)
                    + Double(previous.outputs * columnVectors) + (l == 1 ? Double(batch * previous.inputs) : 0)
                    : .infinity
            }
            stage.forwardByColumns = byColumns < byRows
            if stage.forwardByColumns, l > 0 {
                let previous = stages[l - 1]
                previous.producesColumns = true
                previous.columnsByProduct = !previous.forwardByColumns
            }
        }
        // Backward: ∂W's orientation (∂x is always row-major, ∂z broadcast against a transposed copy
        // of W: the feature-major form needs two transposes of the batch, which cost more).
        for stage in stages {
            let (k, n) = (stage.inputs, stage.outputs)
            let weightRows = fmas((k + 3) / 4 * vectorPairs(n), batch) + Double(k * n) / 4
            let weightColumns = fmas((n + 3) / 4 * vectorPairs(k), batch) + Double(k * n)
            stage.weightGradientByColumns = weightColumns < weightRows
        }
        // A feature-major product of at most three outputs and no activation (the spiral's scores) over
        // the feature-major outputs of a stage with at most four inputs that makes them only for it:
        // those outputs are computed inside the product instead of stored and read back.
        for l in stages.indices.dropFirst() {
            let (stage, previous) = (stages[l], stages[l - 1])
            let fuses = stage.forwardByColumns && stage.activation.isIdentity && stage.outputs <= 3
                && previous.columnsByProduct && previous.inputs <= 4
            (stage.readsComputedColumns, previous.columnsMadeByNext) = (fuses, fuses)
        }
        // ∂x of a stage with at most four outputs (the few-steps product) takes the previous stage's
        // activation backward pass and ∂b with it: one pass over the previous outputs' gradient fewer.
        for (l, stage) in stages.enumerated() {
            stage.inputGradientFusesActivation = l > 0 && stage.outputs <= 4
            stage.activationBackwardIsFused = l + 1 < stages.count && stages[l + 1].outputs <= 4
            // ∂W too when it is by rows over at most four inputs (x's values broadcast per row, as
            // BroadcastProduct's ∂W by rows does): the 2-D toy data's first layer.
            stage.weightGradientIsFused = stage.activationBackwardIsFused && !stage.primaryIsColumns && stage.inputs <= 4
        }
        // Buffers: stage l's input is stage l − 1's output (or the model's input, stage 0's own).
        func allocate(_ rows: Int, _ columns: Int) throws -> UnsafeMutablePointer<Float> {
            let buffer = try FloatBuffer(rows: rows, columns: columns)
            buffers.append(buffer)
            return buffer.pointer
        }
        for (l, stage) in stages.enumerated() {
            let needsColumnInput = stage.forwardByColumns || stage.columnsByProduct
            if l == 0 {
                stage.inputRows = try allocate(capacity, stage.inputWidth)
                if needsColumnInput { stage.inputColumns = try allocate(stage.inputs, 32) }
            } else {
                stage.inputRows = stages[l - 1].outputRows
                stage.inputColumns = stages[l - 1].outputColumns
                // The planner only asks for column inputs the previous stage produces.
                guard !needsColumnInput || stage.inputColumns != nil else { return false }
            }
            stage.outputRows = try allocate(capacity, stage.outputWidth)
            stage.gradientRows = try allocate(capacity, stage.outputWidth)
            if stage.activation.needsInput { stage.preactivationRows = try allocate(capacity, stage.outputWidth) }
            if stage.forwardByColumns || stage.producesColumns {
                stage.outputColumns = try allocate(stage.outputs, 32)
                if stage.activation.needsInput { stage.preactivationColumns = try allocate(stage.outputs, 32) }
            }
            // W row-major for the row-major forward product or as the primary layout, Wᵀ for ∂x or as
            // the primary layout.
            if !stage.forwardByColumns || !stage.primaryIsColumns {
                stage.weightRows = try allocate(stage.inputs, stage.outputWidth)
            }
            if l > 0 || computesInputGradient || stage.primaryIsColumns { stage.weightColumns = try allocate(stage.outputs, stage.inputWidth) }
            stage.bias = try allocate(1, stage.outputWidth)
            let (rows, stride, _) = stage.primaryShape
            stage.weightGradient = try allocate(rows, stride)
            stage.biasGradient = try allocate(1, stage.outputWidth)
        }
        return true
    }
}
