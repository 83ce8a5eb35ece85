using Codex.Contracts.Content;

namespace Codex.Workers.ContentApi.MediaFiles;

/// <summary>Media upload settings (section <c>Media</c>).</summary>
public sealed class UploadOptions
{
    public const string Section = "Media";

    /// <summary>The largest file <c>POST /api/media</c> accepts (<c>Media__MaxUploadBytes</c>); 2 GiB by default.</summary>
    public long MaxUploadBytes { get; set; } = MediaRules.DefaultMaxUploadBytes;

    /// <summary>What is wrong with these settings, one sentence each.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxUploadBytes < 1) yield return $"{Section}__{nameof(MaxUploadBytes)} must be at least 1 (bytes); it is {MaxUploadBytes}.";
    }
}
