/// The explorer's screens, in the order tab cycles through them.
public enum ExplorerView: String, CaseIterable, Sendable {
    case pyramid, grid, loss, timeline, study, help
}
