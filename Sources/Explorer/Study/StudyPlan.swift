import LapGAN

/// The trials of one session: real and generated images 50/50 and the paper's exposure durations, balanced so
/// that a short session still covers them evenly.
public enum StudyPlan {
    /// The exposures of the paper's human study (Denton et al. 2015, Fig. 6), in milliseconds.
    public static let durations = [50, 75, 100, 150, 200, 300, 400, 650, 1000, 2000]

    /// `count` trials drawn from `seed`: in each round of 20, every duration once for a real image and once for a
    /// generated one, the two paired at random and each pair shown in a random order, so any run of trials is half
    /// real (±1). Real images are picked among `realCount`; generated ones get fresh seeds (and a class among
    /// `classes` for a class-conditional model).
    public static func make(count: Int, seed: UInt64, realCount: Int, classes: Int = 0) -> [StudyTrial] {
        let rng = RNG(seed: seed)
        func shuffled(_ a: [Int]) -> [Int] {
            var a = a
            for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, rng.index(i + 1)) }
            return a
        }
        var out: [StudyTrial] = []
        out.reserveCapacity(max(0, count))
        while out.count < count {
            for (realMs, generatedMs) in zip(shuffled(durations), shuffled(durations)) {
                let real = StudyTrial(durationMs: realMs, truth: .real, seed: UInt64(rng.index(max(1, realCount))))
                let generated = StudyTrial(durationMs: generatedMs, truth: .generated, seed: rng.nextSeed(),
                                           label: classes > 0 ? rng.index(classes) : nil)
                out += rng.index(2) == 0 ? [real, generated] : [generated, real]
            }
        }
        return Array(out.prefix(max(0, count)))
    }
}
