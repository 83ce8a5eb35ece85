using System.Text.Encodings.Web;
using System.Text.Json;

namespace Codex.Web.Infrastructure;

/// <summary>What the layout puts in <c>&lt;head&gt;</c> for crawlers and link previews.</summary>
public sealed record PageMeta
{
    public const string Key = "PageMeta";

    /// <summary>The whole <c>&lt;title&gt;</c> (no suffix is added).</summary>
    public required string Title { get; init; }
    public string? Description { get; init; }
    /// <summary>Absolute canonical URL.</summary>
    public string? Canonical { get; init; }
    /// <summary>OpenGraph type: website, article, video.other, music.song.</summary>
    public string OgType { get; init; } = "website";
    /// <summary>Absolute image URL for OpenGraph and Twitter cards.</summary>
    public string? Image { get; init; }
    public string? ImageAlt { get; init; }
    /// <summary>Serialized JSON-LD, already safe inside a script element (see <see cref="JsonLd"/>).</summary>
    public string? JsonLd { get; init; }

    /// <summary>
    /// Serializes structured data for a <c>&lt;script type="application/ld+json"&gt;</c>. The default encoder escapes
    /// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> as <c>\u003C</c>…, so no field can close the script element.
    /// </summary>
    public static string JsonLdOf(object data) => JsonSerializer.Serialize(data, JsonLdOptions);

    // One instance: options cache what they learn about each type, so a new one per page redid that work every time.
    private static readonly JsonSerializerOptions JsonLdOptions = new() { Encoder = JavaScriptEncoder.Default, WriteIndented = false };
}
