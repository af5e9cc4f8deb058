import TerminalUI

/// One trial of the study on screen: its picture, the image and blank frames drawn ahead (so showing each is only a
/// write), and the clock's readings around them (ns).
struct StudyExposure {
    var trial: StudyTrial
    let picture: PixelImage
    var imageFrame: CellGrid?
    var blankFrame: CellGrid?
    /// When the fixation mark gives way to the image: set when the mark is first shown.
    var fixationEnd: UInt64?
    /// Just before and just after the image frame was written.
    var beforeImage: UInt64 = 0
    var shownAt: UInt64 = 0
    /// When the wait for the blank ends: the deadline less the blank's expected write time.
    var waitEnd: UInt64 = 0
    /// Just after the blank frame was written.
    var blankedAt: UInt64 = 0
    /// The key (or `.resize`) that came during the exposure, if one did: the trial is discarded.
    var interruption: Key?

    init(trial: StudyTrial, picture: PixelImage) {
        self.trial = trial
        self.picture = picture
    }
}
