/// Where the images a model was trained on are by default, from the data set name its file records: Debian's
/// Fashion-MNIST for "fashion-mnist …", EmojiOne's PNGs (Debian's ruby-gemojione) for "emoji", or for models named
/// emoji* trained on a PNG folder. Nil when none is known (`--data DIR` is needed).
public enum KnownData {
    /// EmojiOne's 64×64 PNGs as Debian's ruby-gemojione installs them.
    public static let emojiDirectory = "/usr/share/rubygems-integration/all/gems/gemojione-3.3.0/assets/png"

    public static func directory(dataset: String, model name: String = "") -> String? {
        if dataset.hasPrefix("fashion-mnist") { return FashionMNIST.defaultDirectory }
        if dataset == "emoji" || (dataset == "png" && name.hasPrefix("emoji")) { return emojiDirectory }
        return nil
    }
}
