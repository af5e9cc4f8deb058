import LapGAN

/// The trials of one session: real and generated images 50/50 and the paper's exposure durations, balanced —
/// each of the 20 (truth, duration) pairs once, shuffled, then again — so a short session still covers them.
public enum StudyPlan {
    /// The exposures of the paper's human study (Denton et al. 2015, Fig. 6), in milliseconds.
    public static let durations = [50, 75, 100, 150, 200, 300, 400, 650, 1000, 2000]

    /// `count` trials drawn from `seed`: real images are picked among `realCount`, generated ones get fresh
    /// seeds (and a class among `classes` for a class-conditional model).
    public static func make(count: Int, seed: UInt64, realCount: Int, classes: Int = 0) -> [StudyTrial] {
        let rng = RNG(seed: seed)
        let pairs = StudyTrial.Truth.allCases.flatMap { t in durations.map { (t, $0) } }
        var out: [StudyTrial] = []
        out.reserveCapacity(max(0, count))
        while out.count < count {
            var round = pairs
            for i in stride(from: round.count - 1, to: 0, by: -1) { round.swapAt(i, rng.index(i + 1)) }
            for (truth, ms) in round.prefix(count - out.count) {
                switch truth {
                case .real: out.append(StudyTrial(durationMs: ms, truth: .real, seed: UInt64(rng.index(max(1, realCount)))))
                case .generated:
                    out.append(StudyTrial(durationMs: ms, truth: .generated, seed: rng.nextSeed(),
                                          label: classes > 0 ? rng.index(classes) : nil))
                }
            }
        }
        return out
    }
}
