/// Averages of one logging interval of one level.
public struct StepMetrics: Sendable, Equatable {
    public var dLoss: Double = 0
    public var gLoss: Double = 0
    public var dReal: Double = 0
    public var dFake: Double = 0
    public var reconstruction: Double = 0
    public var count: Int = 0

    mutating func add(_ m: StepMetrics) {
        dLoss += m.dLoss; gLoss += m.gLoss; dReal += m.dReal; dFake += m.dFake; reconstruction += m.reconstruction
        count += m.count
    }

    var mean: StepMetrics {
        let n = Double(max(count, 1))
        return StepMetrics(dLoss: dLoss / n, gLoss: gLoss / n, dReal: dReal / n, dFake: dFake / n,
                           reconstruction: reconstruction / n, count: 1)
    }
}
