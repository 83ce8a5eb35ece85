using System.Buffers.Binary;

namespace Codex.Workers.Pipeline.Storage;

/// <summary>An uploaded picture (a logo, an avatar) as its content says: the type it is served as, its extension, and its size in pixels.</summary>
public sealed record Picture(string MimeType, string Extension, int Width, int Height);

/// <summary>
/// Decides whether a whole file is a PNG, JPEG or WebP picture by its content, never by its name or claimed type, and
/// checks its structure from end to end without decoding pixels (no image library is needed for that): PNG chunks
/// from <c>IHDR</c> to a final <c>IEND</c>; JPEG segments from <c>SOI</c> through a frame header to <c>EOI</c>; a WebP
/// RIFF container whose size is the file's and whose first chunk is a VP8, VP8L or VP8X header. Anything else (SVG,
/// HTML, a renamed file, a truncated picture, bytes after the end) is refused. This checks structure, not content: a
/// well-formed picture can still carry arbitrary bytes, markup included, in a PNG text chunk, a JPEG comment or its
/// entropy-coded data. What makes such bytes harmless is how a logo or an avatar is served: as an image of the type
/// decided here, with <c>nosniff</c> and a sandboxing CSP. Shared by the Organization-API (logos) and the Identity-API
/// (avatars).
/// </summary>
public static class PictureSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The picture in <paramref name="file"/>, or null when it is not a well-formed PNG, JPEG or WebP.</summary>
    public static Picture? Sniff(ReadOnlySpan<byte> file)
    {
        var image = file.StartsWith(PngSignature) ? Png(file)
            : file.Length >= 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF ? Jpeg(file)
            : file.Length >= 12 && file.StartsWith("RIFF"u8) && file[8..12].SequenceEqual("WEBP"u8) ? WebP(file)
            : null;
        return image is { Width: > 0 and <= Contracts.Organizations.LogoRules.MaxDimension, Height: > 0 and <= Contracts.Organizations.LogoRules.MaxDimension }
            ? image
            : null;
    }

    private static Picture? Png(ReadOnlySpan<byte> file)
    {
        var at = PngSignature.Length;
        int width = 0, height = 0;
        var first = true;
        while (at + 12 <= file.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[at..]);
            if (length > int.MaxValue || at + 12 + (long)length > file.Length) return null;
            var type = file.Slice(at + 4, 4);
            var data = file.Slice(at + 8, (int)length);
            if (first)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13) return null;
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                var (depth, colour) = (data[8], data[9]);
                if (depth is not (1 or 2 or 4 or 8 or 16) || colour is not (0 or 2 or 3 or 4 or 6)) return null;
                first = false;
            }
            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8)) return at == file.Length ? new Picture("image/png", "png", width, height) : null;
        }
        return null;
    }

    private static Picture? Jpeg(ReadOnlySpan<byte> file)
    {
        // The end: EOI, after which some encoders leave zero padding.
        var end = file.Length;
        while (end > 0 && file[end - 1] == 0) end--;
        if (end < 4 || file[end - 2] != 0xFF || file[end - 1] != 0xD9) return null;

        var at = 2;
        int width = 0, height = 0;
        while (at + 4 <= end)
        {
            if (file[at] != 0xFF) return null;
            var marker = file[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill bytes
            if (marker is 0xD8 or 0xD9 or (>= 0xD0 and <= 0xD7) or 0x01) return null; // no second SOI, no early end
            var length = BinaryPrimitives.ReadUInt16BigEndian(file[(at + 2)..]);
            if (length < 2 || at + 2 + length > end) return null;
            if (marker is (>= 0xC0 and <= 0xC3) or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF))
            {
                if (length < 8) return null;
                height = BinaryPrimitives.ReadUInt16BigEndian(file[(at + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(file[(at + 7)..]);
            }
            // Start of scan: entropy-coded data runs to EOI, which was checked above; a frame header must come first.
            if (marker == 0xDA) return width > 0 ? new Picture("image/jpeg", "jpg", width, height) : null;
            at += 2 + length;
        }
        return null;
    }

    private static Picture? WebP(ReadOnlySpan<byte> file)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        if (riffSize + 8L != file.Length || file.Length < 30) return null;
        var chunk = file.Slice(12, 4);
        var chunkSize = BinaryPrimitives.ReadUInt32LittleEndian(file[16..]);
        if (20L + chunkSize > file.Length) return null;
        var data = file[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // A key frame: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
            if (chunkSize < 10 || (data[0] & 1) != 0 || data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A) return null;
            return new Picture("image/webp", "webp", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (chunkSize < 5 || data[0] != 0x2F) return null;
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return new Picture("image/webp", "webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            if (chunkSize < 10) return null;
            int Read24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);
            return new Picture("image/webp", "webp", Read24(data[4..]) + 1, Read24(data[7..]) + 1);
        }
        return null;
    }
}
