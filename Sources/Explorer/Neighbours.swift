import Foundation
import LapGAN
import TerminalUI

/// The training images nearest to the current sample (`n`), as the view shows them: the sample, then each
/// neighbour with its index, class and distance; `found` is nil while the search runs.
public struct NeighbourPanel: Sendable {
    /// One training image near the sample.
    public struct Found: Sendable {
        public var index: Int
        /// Root-mean-square difference per value from the sample, in grey levels (0–255): ‖a − b‖ / √D.
        public var distance: Float
        public var className: String?
        var picture: PixelImage?
    }

    /// What was searched for: the sample's final image (with its seeds and class, for the cache).
    struct Key: Hashable, Sendable {
        var seeds: [UInt64]
        var label: Int?
        var pixels: [UInt8]
    }

    var key: Key
    /// The sample searched for, as pixels.
    var query: PixelImage?
    public var found: [Found]?
    /// The data set searched and its size (known once it is loaded).
    public var dataName: String?
    public var searched = 0
    /// Milliseconds the search took (sgemm and selection; not the data set's loading).
    public var searchMilliseconds = 0.0
}

/// Runs nearest-neighbour searches on a background queue: loads the data set and indexes it (its norms) once, on
/// first use, then one `NearestNeighbours.search` per request. Results are taken by the run loop (`take`).
final class NeighbourSearcher: @unchecked Sendable {
    enum Outcome {
        case found(NeighbourPanel)
        case failed(String)
    }

    private let queue = DispatchQueue(label: "lapgan.neighbours")
    // Touched on `queue` only.
    private var index: NearestNeighbours?
    private var data: Dataset?
    // Guarded by `lock`.
    private let lock = NSLock()
    private var finished: [(NeighbourPanel.Key, Outcome)] = []

    private var loadedIn = 0.0
    /// Milliseconds the data set took to load and index (0 until it is loaded).
    var loadMilliseconds: Double {
        lock.lock()
        defer { lock.unlock() }
        return loadedIn
    }

    /// Searches for `panel.key`'s `query` ([1, C, S, S], raw 0–255) in the data set `load` returns (called once).
    func start(_ panel: NeighbourPanel, query: Tensor, k: Int, load: @escaping @Sendable () throws -> Dataset) {
        queue.async { [self] in
            let outcome: Outcome
            do {
                if index == nil {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let d = try load()
                    index = try NearestNeighbours(images: d.images)
                    data = d
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                    lock.lock(); loadedIn = ms; lock.unlock()
                }
                guard let index, let data else { return }
                let t0 = DispatchTime.now().uptimeNanoseconds
                let nearest = try index.search(query, k: k)[0]
                var p = panel
                p.searchMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                p.dataName = data.name
                p.searched = data.count
                let scale = 1 / Float(index.dimension).squareRoot()
                p.found = try nearest.map { n in
                    let label = data.labels?[n.index]
                    return NeighbourPanel.Found(index: n.index, distance: n.distance * scale,
                                                className: label.flatMap { l in data.classNames.flatMap { l < $0.count ? $0[l] : nil } },
                                                picture: PixelImage(try ImageConversion.raster(raw: data.images, index: n.index)))
                }
                outcome = .found(p)
            } catch {
                outcome = .failed("\(error)")
            }
            lock.lock()
            finished.append((panel.key, outcome))
            lock.unlock()
        }
    }

    /// Finished searches since the last call.
    func take() -> [(NeighbourPanel.Key, Outcome)] {
        lock.lock()
        defer { lock.unlock() }
        let f = finished
        finished = []
        return f
    }

    /// Waits for the searches started so far (tests and benchmarks).
    func wait() { queue.sync {} }

}
