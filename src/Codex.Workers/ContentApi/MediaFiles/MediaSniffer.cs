using System.Buffers.Binary;

namespace Codex.Workers.ContentApi.MediaFiles;

/// <summary>What a file is, by its content: kind, the MIME type it is served as, and the extension it is stored with.</summary>
public sealed record SniffedType(MediaKind Kind, string MimeType, string Extension);

/// <summary>
/// Decides a file's type from its first bytes, never from its name or the type the client claims: MP4, MOV and M4A
/// (an ISO base media <c>ftyp</c> box), WebM/Matroska (EBML), MP3 (ID3 tag or MPEG audio frame), WAV, Ogg and FLAC.
/// </summary>
public static class MediaSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at (fewer when the file is shorter).</summary>
    public const int HeaderLength = 64;

    /// <summary>The type of a file that starts with <paramref name="header"/>, or null when it is none of the accepted ones.</summary>
    public static SniffedType? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 12 && header[4..8].SequenceEqual("ftyp"u8) && BinaryPrimitives.ReadUInt32BigEndian(header) >= 16)
        {
            var brand = header[8..12];
            if (brand.SequenceEqual("M4A "u8) || brand.SequenceEqual("M4B "u8)) return new(MediaKind.Audio, "audio/mp4", ".m4a");
            if (brand.SequenceEqual("qt  "u8)) return new(MediaKind.Video, "video/quicktime", ".mov");
            return new(MediaKind.Video, "video/mp4", ".mp4");
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            // The EBML header names the document type near the start: "webm", else Matroska. Either may hold audio only,
            // which only a full parse could tell; both are treated as video and the transcoder reports what it finds.
            return header.IndexOf("webm"u8) >= 0
                ? new(MediaKind.Video, "video/webm", ".webm")
                : new(MediaKind.Video, "video/x-matroska", ".mkv");
        }
        if (header.StartsWith("ID3"u8) || IsMpegAudioFrame(header)) return new(MediaKind.Audio, "audio/mpeg", ".mp3");
        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WAVE"u8)) return new(MediaKind.Audio, "audio/wav", ".wav");
        if (header.StartsWith("OggS"u8)) return new(MediaKind.Audio, "audio/ogg", ".ogg");
        if (header.StartsWith("fLaC"u8)) return new(MediaKind.Audio, "audio/flac", ".flac");
        return null;
    }

    /// <summary>
    /// An MPEG audio frame header: 11 sync bits, then a version, layer and bitrate that are not the reserved values
    /// (an AAC ADTS stream, with layer 00, is not MP3).
    /// </summary>
    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> header) =>
        header.Length >= 3 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0
        && (header[1] & 0x18) != 0x08 // version 01 is reserved
        && (header[1] & 0x06) != 0x00 // layer 00 is reserved (ADTS uses it)
        && (header[2] & 0xF0) != 0xF0; // bitrate 1111 is invalid
}
