import Foundation

/// A safetensors container: 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype, shape and byte range, then the raw little-endian data. lapgan stores F32 only.
public struct SafeTensors {
    public var metadata: [String: String]
    /// Tensors in file order.
    public var tensors: [(name: String, tensor: Tensor)]

    /// Largest header accepted when reading (the JSON of a model is far smaller).
    public static let maximumHeaderBytes = 64 << 20

    public init(metadata: [String: String], tensors: [(name: String, tensor: Tensor)]) {
        self.metadata = metadata
        self.tensors = tensors
    }

    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }

    /// The file's bytes.
    public func encoded() throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        var seen = Set<String>()
        for (name, t) in tensors {
            guard name != "__metadata__", seen.insert(name).inserted else { throw ShapeError("duplicate tensor name \(name)") }
            let bytes = t.count * 4
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data starts 8-byte aligned.
        while (json.count % 8) != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(json)
        for (_, t) in tensors {
            data.append(Data(bytes: t.data, count: t.count * 4))
        }
        return data
    }

    /// Writes atomically (temporary file, fsync, rename).
    public func write(to path: String) throws {
        try AtomicFile.write(try encoded(), to: path)
    }

    /// Reads and validates a container; every problem is a `FileError` naming the file.
    public static func read(_ path: String) throws -> SafeTensors {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw FileError(path, "no such file") }
        guard !isDirectory.boolValue else { throw FileError(path, "is a directory, not a model file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
            try MemoryBound.check(size.intValue, for: "the model file (\(size.intValue) bytes)", path: path)
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
            throw FileError(path, "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) throws -> SafeTensors {
        func fail(_ s: String) -> FileError { FileError(path, s) }
        guard data.count >= 8 else { throw fail("too short to be a model file (\(data.count) bytes)") }
        let length = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard length <= UInt64(data.count - 8) else {
            throw fail("header length \(length) is larger than the file (\(data.count) bytes): not a safetensors/.lpg file or truncated")
        }
        guard length <= UInt64(maximumHeaderBytes) else { throw fail("header length \(length) exceeds the \(maximumHeaderBytes)-byte limit") }
        let headerEnd = 8 + Int(length)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd)) } catch {
            throw fail("the header is not valid JSON")
        }
        guard let header = object as? [String: Any] else { throw fail("the header is not a JSON object") }
        let dataLength = data.count - headerEnd
        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let m = meta as? [String: Any] else { throw fail("__metadata__ is not an object") }
            for (k, v) in m {
                guard let s = v as? String else { throw fail("__metadata__[\(k)] is not a string") }
                metadata[k] = s
            }
        }
        struct Entry { let name: String; let shape: [Int]; let begin: Int; let end: Int }
        var entries: [Entry] = []
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any] else { throw fail("entry \(name) is not an object") }
            guard let dtype = info["dtype"] as? String else { throw fail("tensor \(name) has no dtype") }
            guard dtype == "F32" else { throw fail("tensor \(name) has dtype \(dtype); lapgan reads F32 only") }
            guard let rawShape = info["shape"] as? [Any], let rawOffsets = info["data_offsets"] as? [Any], rawOffsets.count == 2 else {
                throw fail("tensor \(name) lacks a shape or data_offsets")
            }
            func int(_ v: Any) -> Int? {
                guard let n = v as? NSNumber else { return nil }
                let d = n.doubleValue
                return d >= 0 && d < 1e15 && d == d.rounded() ? Int(d) : nil
            }
            let shape = rawShape.compactMap(int)
            guard shape.count == rawShape.count, shape.count <= 8 else { throw fail("tensor \(name) has an invalid shape") }
            guard let begin = int(rawOffsets[0]), let end = int(rawOffsets[1]), begin <= end, end <= dataLength else {
                throw fail("tensor \(name) has data_offsets outside the file's \(dataLength) data bytes")
            }
            var elements = 1
            for d in shape {
                let (m, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow, m <= dataLength / 4 + 1 else { throw fail("tensor \(name) has a shape \(shape) too large for the file") }
                elements = m
            }
            guard end - begin == elements * 4 else {
                throw fail("tensor \(name): shape \(shape) needs \(elements * 4) bytes but data_offsets span \(end - begin)")
            }
            entries.append(Entry(name: name, shape: shape, begin: begin, end: end))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        for (a, b) in zip(entries, entries.dropFirst()) where b.begin < a.end {
            throw fail("tensors \(a.name) and \(b.name) overlap in the file")
        }
        var tensors: [(String, Tensor)] = []
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            for e in entries {
                let t = Tensor(zeros: e.shape)
                memcpy(t.data, base + headerEnd + e.begin, e.end - e.begin)
                #if _endian(big)
                for i in 0..<t.count { t.data[i] = Float(bitPattern: UInt32(littleEndian: t.data[i].bitPattern)) }
                #endif
                guard t.isFinite else { throw fail("tensor \(e.name) contains NaN or infinite values") }
                tensors.append((e.name, t))
            }
        }
        return SafeTensors(metadata: metadata, tensors: tensors)
    }
}
