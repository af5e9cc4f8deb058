import Foundation

/// Reads and writes NumPy .npy files of 8-bit images, so samples from any tool can be scored the same way
/// (`lapgan eval --samples FILE.npy`) and lapgan's samples can be read in Python.
/// Written: uint8 N×H×W×C. Read: uint8 (dtype '|u1'), C order, shape N×H×W, N×H×W×C or N×C×H×W with C = 1 or 3.
public enum NumPyFile {
    /// The longest header read (NumPy itself writes a few hundred bytes).
    static let maximumHeaderBytes = 65_536

    public static func write(_ images: [RasterImage], to path: String) throws {
        guard let first = images.first else { throw FileError(path, "no images to write") }
        for img in images where img.width != first.width || img.height != first.height || img.channels != first.channels {
            throw FileError(path, "images differ in shape")
        }
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (\(images.count), \(first.height), \(first.width), \(first.channels)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let len = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(len & 0xff), UInt8(len >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for img in images { data.append(contentsOf: img.pixels) }
        try AtomicFile.write(data, to: path)
    }

    /// Reads a stack of 8-bit images; every problem is a `FileError` naming the file.
    public static func read(_ path: String) throws -> [RasterImage] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw FileError(path, "no such file") }
        guard !isDirectory.boolValue else { throw FileError(path, "is a directory, not a .npy file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
            try MemoryBound.check(size.intValue, for: "the array (\(size.intValue) bytes)", path: path)
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
            throw FileError(path, "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) throws -> [RasterImage] {
        func fail(_ s: String) -> FileError { FileError(path, s) }
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("not a NumPy .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerStart: Int, length: Int
        switch major {
        case 1:
            headerStart = 10
            length = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated .npy header") }
            headerStart = 12
            length = (8..<12).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 8)) }
        default:
            throw fail(".npy format version \(major) is not supported (1, 2 or 3)")
        }
        guard length <= maximumHeaderBytes else { throw fail("header length \(length) exceeds the \(maximumHeaderBytes)-byte limit") }
        guard headerStart + length <= data.count else { throw fail("header length \(length) is larger than the file (\(data.count) bytes)") }
        let header = String(decoding: data.subdata(in: headerStart..<(headerStart + length)), as: UTF8.self)

        guard let descr = value(of: "descr", in: header) else { throw fail("the header has no 'descr': \(header.prefix(120))") }
        let dtype = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        guard ["|u1", "<u1", ">u1", "u1"].contains(dtype) else {
            throw fail("dtype \(dtype) is not read: only uint8 images ('|u1', values 0–255); in NumPy: np.save(f, (x * 255).round().clip(0, 255).astype(np.uint8))")
        }
        guard let order = value(of: "fortran_order", in: header) else { throw fail("the header has no 'fortran_order'") }
        guard order == "False" else { throw fail("Fortran-order arrays are not read; save np.ascontiguousarray(x)") }
        guard let shapeText = value(of: "shape", in: header) else { throw fail("the header has no 'shape'") }
        let dims = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = dims.compactMap { Int($0) }
        guard shape.count == dims.count, shape.allSatisfy({ $0 >= 0 }) else { throw fail("shape \(shapeText) is not a tuple of sizes") }

        // N×H×W, N×H×W×C or N×C×H×W (C = 1 or 3; a last axis of 1 or 3 is read as channels).
        let n: Int, height: Int, width: Int, channels: Int, planar: Bool
        switch shape.count {
        case 3: (n, height, width, channels, planar) = (shape[0], shape[1], shape[2], 1, false)
        case 4 where [1, 3].contains(shape[3]): (n, height, width, channels, planar) = (shape[0], shape[1], shape[2], shape[3], false)
        case 4 where [1, 3].contains(shape[1]): (n, height, width, channels, planar) = (shape[0], shape[2], shape[3], shape[1], true)
        default: throw fail("shape \(shapeText) is not a stack of images (N×H×W, N×H×W×C or N×C×H×W with C = 1 or 3)")
        }
        guard n > 0, height > 0, width > 0 else { throw fail("shape \(shapeText) holds no images") }
        let total = MemoryBound.product([n, height, width, channels])
        try MemoryBound.check(total, for: "\(n) images of \(height)×\(width)×\(channels)", path: path)
        let start = headerStart + length
        guard let total, data.count - start >= total else {
            throw fail("shape \(shapeText) needs \(total ?? 0) bytes of data but the file has \(data.count - start): truncated")
        }
        let plane = height * width, item = plane * channels
        return try data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { throw fail("no data") }
            let src = base + start
            return (0..<n).map { i in
                var pixels = [UInt8](repeating: 0, count: item)
                let base = src + i * item
                if planar && channels > 1 {
                    for c in 0..<channels { for p in 0..<plane { pixels[p * channels + c] = base[c * plane + p] } }
                } else {
                    for p in 0..<item { pixels[p] = base[p] }
                }
                return RasterImage(width: width, height: height, channels: channels, pixels: pixels)
            }
        }
    }

    /// The text of `key`'s value in a Python dict literal: a quoted string, a parenthesised tuple or a word.
    static func value(of key: String, in header: String) -> String? {
        for quote in ["'", "\""] {
            guard let keyRange = header.range(of: quote + key + quote) else { continue }
            var rest = header[keyRange.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            guard let first = rest.first else { return nil }
            let closing: Character? = first == "(" ? ")" : first == "'" ? "'" : first == "\"" ? "\"" : nil
            if let closing {
                guard let end = rest.dropFirst().firstIndex(of: closing) else { return nil }
                return String(rest[rest.startIndex...end])
            }
            return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
