import Testing
@testable import DLEngine

/// Each schedule's first 20 rates against PyTorch's. The expected numbers were printed by a Python
/// transcription of the recursions `torch.optim.lr_scheduler` applies on `step()` (its `get_lr`, the
/// chainable forms, not the closed forms the schedules here use), in Python floats (IEEE double):
/// `python3 Tests/Oracles/schedule_rates.py`; torch 2.13.0+cpu's schedulers give the same numbers to the
/// last bit (`Tests/Oracles/schedule_rates_torch.py`). The schedules are stepped as a fit steps them (``LearningRateSchedule/begin(optimizer:steps:)``
/// then ``LearningRateSchedule/advance(optimizer:metric:)``) and read back both in Double and as the
/// optimizer's Float rate.
@Suite struct ScheduleRateTests {
    /// Steps `schedule` 19 times from a fresh SGD with `lr=base` and returns the 20 rates it set, in
    /// Double (closed form) and as the optimizer saw them.
    func run(_ schedule: any LearningRateSchedule, base: Double = 0.1, metrics: [Double]? = nil) throws -> (Double: [Double], Float: [Float]) {
        let optimizer = try SGD(learningRate: Float(base))
        try schedule.begin(optimizer: optimizer, steps: 20)
        var doubles: [Double] = [], floats: [Float] = []
        func read() {
            floats.append(optimizer.learningRate)
            if let closed = schedule as? any ClosedFormSchedule {
                // The base in Double, as PyTorch's Python float (the optimizer holds it rounded to Float).
                doubles.append(closed.rate(at: closed.stepCount, base: base))
            } else if let plateau = schedule as? ReduceLROnPlateau {
                // Scaled from the optimizer's Float rate back to the Double base.
                doubles.append((plateau.rate ?? .nan) / Double(Float(base)) * base)
            }
        }
        read()
        for i in 0 ..< 19 {
            try schedule.advance(optimizer: optimizer, metric: metrics?[i])
            read()
        }
        return (doubles, floats)
    }

    func expectRates(_ schedule: any LearningRateSchedule, _ expected: [Double], base: Double = 0.1, metrics: [Double]? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (doubles, floats) = try run(schedule, base: base, metrics: metrics)
        #expect(doubles.count == expected.count, sourceLocation: sourceLocation)
        for (i, (got, want)) in zip(doubles, expected).enumerated() {
            #expect(isClose(got, want, relative: 1e-12, absolute: 1e-15), "step \(i): \(got) != \(want)", sourceLocation: sourceLocation)
            #expect(isClose(floats[i], want, relative: 1e-6, absolute: 1e-12), "step \(i) (Float): \(floats[i]) != \(want)", sourceLocation: sourceLocation)
        }
    }

    @Test func stepLR() throws {
        // Also torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5) with lr=0.1.
        try expectRates(StepLR(stepSize: 3, gamma: 0.5), [
            0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125, 0.00625, 0.00625, 0.00625,
            0.003125, 0.003125, 0.003125, 0.0015625, 0.0015625])
    }

    @Test func multiStepLRCountsARepeatedMilestoneTwice() throws {
        // milestones [2, 5, 5, 9], gamma 0.3: ×0.3 at 2, ×0.09 at 5, ×0.3 at 9.
        let later = 0.0008099999999999998, mid = 0.0026999999999999997
        try expectRates(MultiStepLR(milestones: [9, 5, 2, 5], gamma: 0.3), [
            0.1, 0.1, 0.03, 0.03, 0.03, mid, mid, mid, mid] + Array(repeating: later, count: 11))
    }

    @Test func exponentialLR() throws {
        try expectRates(ExponentialLR(gamma: 0.9), [
            0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002,
            0.05314410000000002, 0.04782969000000002, 0.043046721000000024, 0.03874204890000002, 0.03486784401000002,
            0.03138105960900001, 0.028242953648100012, 0.025418658283290013, 0.022876792454961013, 0.020589113209464913,
            0.01853020188851842, 0.01667718169966658, 0.015009463529699923, 0.013508517176729932])
    }

    @Test func cosineAnnealingGoesOnPastTMax() throws {
        // t_max 7, eta_min 0.001: down to 0.001 at step 7, back to 0.1 at step 14, as PyTorch.
        try expectRates(CosineAnnealingLR(tMax: 7, etaMin: 0.001), [
            0.1, 0.09509795896116975, 0.08136274519200731, 0.061514786230837566, 0.03948521376916245, 0.019637254807992697,
            0.005902041038830259, 0.001, 0.005902041038830253, 0.019637254807992683, 0.03948521376916243,
            0.061514786230837525, 0.08136274519200731, 0.09509795896116978, 0.10000000000000002, 0.09509795896116978,
            0.08136274519200734, 0.06151478623083755, 0.03948521376916246, 0.019637254807992707])
    }

    @Test func cosineAnnealingWarmRestarts() throws {
        // t_0 3, t_mult 2: restarts at steps 3 and 9 (periods 3, 6, 12).
        try expectRates(CosineAnnealingWarmRestarts(t0: 3, tMult: 2, etaMin: 0.01), [
            0.1, 0.0775, 0.032500000000000015, 0.1, 0.09397114317029975, 0.0775, 0.05500000000000001, 0.032500000000000015,
            0.01602885682970026, 0.1, 0.09846666218300808, 0.09397114317029975, 0.08681980515339464, 0.0775,
            0.06664685702961344, 0.05500000000000001, 0.04335314297038658, 0.032500000000000015, 0.023180194846605363,
            0.01602885682970026])
    }

    @Test func linearWarmUpWithPyTorchDefaults() throws {
        try expectRates(LinearLR(), [
            0.03333333333333333, 0.04666666666666667, 0.060000000000000005, 0.07333333333333335, 0.08666666666666668]
            + Array(repeating: 0.1, count: 15))
    }

    @Test func oneCycleWithPyTorchDefaults() throws {
        // max_lr 0.1, total_steps 20, pct_start 0.3, cos, div 25, final_div 1e4; the optimizer's lr is not used.
        // cycle_momentum=false as in the oracle (the momenta: OneCycleMomentumTests).
        try expectRates(OneCycleLR(maxRate: 0.1, totalSteps: 20, cycleMomentum: false), [
            0.0040000000000000036, 0.013167184270002533, 0.037167184270002526, 0.06683281572999747, 0.09083281572999748,
            0.1, 0.09874640062350874, 0.09504846320134738, 0.089091617757105, 0.0811745653949763, 0.07169430017913009,
            0.06112620219362893, 0.0500002, 0.03887419780637107, 0.028306099820869922, 0.0188258346050237,
            0.010908782242895003, 0.004951936798652629, 0.0012539993764912555, 4e-07], base: 0.5)
    }

    @Test func oneCycleLinearThreePhase() throws {
        try expectRates(OneCycleLR(maxRate: 0.1, totalSteps: 25, pctStart: 0.25, annealStrategy: "linear", threePhase: true, cycleMomentum: false), [
            0.004, 0.022285714285714284, 0.040571428571428564, 0.05885714285714286, 0.07714285714285714,
            0.09542857142857143, 0.0862857142857143, 0.068, 0.04971428571428572, 0.03142857142857143, 0.01314285714285715,
            0.003851866666666667, 0.0035556, 0.0032593333333333337, 0.0029630666666666666, 0.0026668000000000004,
            0.0023705333333333333, 0.002074266666666667, 0.001778, 0.0014817333333333334])
    }

    @Test func reduceOnPlateauWithCooldownAndRelativeThreshold() throws {
        // factor 0.5, patience 2, cooldown 1, threshold 1e-4 rel: 0.8999 improves on 0.9 (< 0.9·(1 − 1e-4)).
        let metrics = [1.0, 0.9, 0.9, 0.95, 0.91, 0.8999, 0.7, 0.71, 0.72, 0.73, 0.69, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]
        try expectRates(ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 1), [
            0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125,
            0.0125, 0.00625, 0.00625], metrics: metrics)
    }
}
