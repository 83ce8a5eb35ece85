using System.Text;
using Codex.Contracts;
using Codex.Workers.ContentApi.MediaFiles;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>The type of a file by its first bytes: the real fixture files, and look-alikes that are not media.</summary>
public sealed class MediaSnifferTests
{
    [Theory]
    [InlineData("clip.mp4", MediaKind.Video, "video/mp4", ".mp4")]
    [InlineData("clip.mov", MediaKind.Video, "video/quicktime", ".mov")]
    [InlineData("clip.webm", MediaKind.Video, "video/webm", ".webm")]
    [InlineData("clip.m4a", MediaKind.Audio, "audio/mp4", ".m4a")]
    [InlineData("clip.mp3", MediaKind.Audio, "audio/mpeg", ".mp3")]
    [InlineData("clip.wav", MediaKind.Audio, "audio/wav", ".wav")]
    [InlineData("clip.ogg", MediaKind.Audio, "audio/ogg", ".ogg")]
    [InlineData("clip.flac", MediaKind.Audio, "audio/flac", ".flac")]
    public void Sniff_RealFiles(string name, MediaKind kind, string mimeType, string extension) =>
        Assert.Equal(new SniffedType(kind, mimeType, extension), MediaSniffer.Sniff(MediaFiles.Bytes(name).AsSpan(0, MediaSniffer.HeaderLength)));

    [Fact]
    public void Sniff_AnMp3WithoutTag_ByItsFrameHeader() =>
        Assert.Equal("audio/mpeg", MediaSniffer.Sniff([0xFF, 0xFB, 0x90, 0x64, 0, 0])?.MimeType);

    [Fact]
    public void Sniff_MatroskaThatIsNotWebm_IsMatroskaVideo() =>
        Assert.Equal(new SniffedType(MediaKind.Video, "video/x-matroska", ".mkv"),
            MediaSniffer.Sniff([0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x88, .. "matroska"u8]));

    public static TheoryData<byte[]> NotMedia => new(
    [
        Encoding.UTF8.GetBytes("This is not a video.\n"),
        Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D],
        [0xFF, 0xF1, 0x50, 0x80], // AAC ADTS: frame sync, but layer 00 is not MP3
        [0xFF, 0xD8, 0xFF, 0xE0], // JPEG
        [.. "RIFF"u8, 0, 0, 0, 0, .. "AVI "u8], // RIFF, but not WAVE
        [0, 0, 0, 0x08, .. "ftyp"u8, .. "isom"u8], // an ftyp box too small to be one
        [.. "%PDF-1.7"u8],
        [],
    ]);

    [Theory]
    [MemberData(nameof(NotMedia))]
    public void Sniff_AnythingElse_IsNull(byte[] header) => Assert.Null(MediaSniffer.Sniff(header));
}
