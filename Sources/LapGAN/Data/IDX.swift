import CZlib
import Foundation

/// Reader for the IDX format used by MNIST and Fashion-MNIST: a 4-byte magic
/// (0x00 0x00 type ndims), ndims big-endian UInt32 sizes, then the data. The file may be
/// plain or gzip-compressed (detected by its magic bytes 1f 8b, not by its name).
public enum IDXFile {
    /// The largest number of elements accepted (2^31).
    public static let maxElements = 1 << 31

    public static func read(_ path: String) throws -> IDXArray {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw FileError(path, "no such file")
        }
        if isDir.boolValue { throw FileError(path, "is a directory, not an IDX file") }

        // gzread reads gzip data by its magic bytes and passes any other file through unchanged.
        guard let gz = gzopen(path, "rb") else {
            throw FileError(path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { gzclose(gz) }
        _ = gzbuffer(gz, 1 << 17)
        let compressed = gzdirect(gz) == 0

        // Header: magic, then the dimensions.
        var magic = [UInt8](repeating: 0, count: 4)
        let gotMagic = try readFully(gz, path, &magic, 0, 4)
        if gotMagic == 0 { throw FileError(path, "empty file, not an IDX file") }
        if gotMagic < 4 { throw FileError(path, "truncated: the IDX header ends after \(gotMagic) bytes") }
        if magic[0] != 0 || magic[1] != 0 {
            throw FileError(path, String(format: "wrong magic: not an IDX file (starts with 0x%02X 0x%02X, expected 0x00 0x00)", magic[0], magic[1]))
        }
        let type = magic[2]
        guard type == 0x08 else {
            throw FileError(path, "unsupported IDX element type \(typeName(type)); only 0x08 (unsigned byte) is supported")
        }
        let ndims = Int(magic[3])
        guard (1...4).contains(ndims) else {
            throw FileError(path, "unsupported number of dimensions \(ndims) (expected 1 to 4)")
        }
        var dimBytes = [UInt8](repeating: 0, count: 4 * ndims)
        let gotDims = try readFully(gz, path, &dimBytes, 0, dimBytes.count)
        if gotDims < dimBytes.count {
            throw FileError(path, "truncated: the IDX header declares \(ndims) dimensions but ends early")
        }
        var dims: [Int] = []
        var total = 1
        for d in 0..<ndims {
            let v = Int(dimBytes[4 * d]) << 24 | Int(dimBytes[4 * d + 1]) << 16
                | Int(dimBytes[4 * d + 2]) << 8 | Int(dimBytes[4 * d + 3])
            guard v > 0 else { throw FileError(path, "dimension \(d) is zero") }
            dims.append(v)
            let (p, overflow) = total.multipliedReportingOverflow(by: v)
            guard !overflow, p <= maxElements else {
                throw FileError(path, "implausible size \(dims.map(String.init).joined(separator: "x"))... (more than 2^31 elements)")
            }
            total = p
        }

        try MemoryBound.check(total, for: "the IDX data (\(dims.map(String.init).joined(separator: "×")) bytes)", path: path)

        // A plain file shorter than its header announces is refused before anything is allocated (found by
        // fuzzing: 98 bytes announcing 194 MB cost an allocation and a zero fill of 194 MB).
        let headerBytes = 4 + 4 * ndims
        if !compressed, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size - headerBytes < total {
            throw FileError(path, "truncated: expected \(total) bytes of data, found \(max(0, size - headerBytes)) (refused before reading: the file is shorter than its header announces)")
        }

        // Payload: exactly `total` bytes, read in chunks so that what is allocated follows what the (possibly
        // compressed) data really holds, not what the header announces.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Swift.min(total, 1 << 24))
        var chunk = [UInt8](repeating: 0, count: Swift.min(total, 1 << 20))
        while bytes.count < total {
            let want = Swift.min(chunk.count, total - bytes.count)
            let got = try readFully(gz, path, &chunk, 0, want)
            bytes.append(contentsOf: chunk[0..<got])
            if got < want { break }
        }
        if bytes.count < total {
            throw FileError(path, "truncated: expected \(total) bytes of data, found \(bytes.count)"
                + (compressed ? " (the compressed stream ends early)" : ""))
        }

        var extra = [UInt8](repeating: 0, count: 1)
        if try readFully(gz, path, &extra, 0, 1) > 0 {
            throw FileError(path, "trailing bytes after the \(total) bytes of data the header declares"
                + (compressed ? " (after decompression)" : ""))
        }
        return IDXArray(dims: dims, bytes: bytes)
    }

    private static func typeName(_ t: UInt8) -> String {
        let hex = String(format: "0x%02X", t)
        switch t {
        case 0x09: return "\(hex) (signed byte)"
        case 0x0B: return "\(hex) (short)"
        case 0x0C: return "\(hex) (int)"
        case 0x0D: return "\(hex) (float)"
        case 0x0E: return "\(hex) (double)"
        default: return "\(hex) (unknown type code)"
        }
    }

    private static func readFully(_ gz: gzFile, _ path: String, _ a: inout [UInt8], _ start: Int, _ n: Int) throws -> Int {
        try a.withUnsafeMutableBytes { raw in
            try readRaw(gz, path, UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + n)]))
        }
    }

    /// Reads until the buffer is full or the data ends (also when a compressed stream is cut
    /// short); returns the byte count. Throws on corrupt compressed data or an I/O error.
    private static func readRaw(_ gz: gzFile, _ path: String, _ buf: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buf.baseAddress else { return 0 }
        var done = 0
        while done < buf.count {
            let want = UInt32(Swift.min(buf.count - done, 1 << 30))
            let got = gzread(gz, base + done, want)
            if got < 0 { throw FileError(path, "corrupt or unreadable data: \(gzErrorText(gz))") }
            if got == 0 {
                var errnum: Int32 = 0
                let msg = gzerror(gz, &errnum)
                if errnum != Z_OK && errnum != Z_STREAM_END {
                    // Z_BUF_ERROR: the compressed stream ends early; the caller reports the short count.
                    if errnum == Z_BUF_ERROR { break }
                    let text = msg.map { String(cString: $0) } ?? "error \(errnum)"
                    throw FileError(path, "corrupt or unreadable data: \(text)")
                }
                break
            }
            done += Int(got)
        }
        return done
    }

    private static func gzErrorText(_ gz: gzFile) -> String {
        var errnum: Int32 = 0
        guard let msg = gzerror(gz, &errnum) else { return "error \(errnum)" }
        let text = String(cString: msg)
        if errnum == Z_ERRNO { return String(cString: strerror(errno)) }
        return text.isEmpty ? "error \(errnum)" : text
    }
}
