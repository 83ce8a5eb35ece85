using System.Text.RegularExpressions;

namespace Codex.Contracts.Organizations;

/// <summary>
/// An organization's uploaded logo: <c>POST /api/organizations/:id/logo</c> takes one PNG, JPEG or WebP picture (by
/// content) of at most <see cref="MaxBytes"/>, sent as the <c>multipart/form-data</c> part <see cref="FileField"/>. It is
/// served on the site's origin at <c>/logos/{organizationId}/{random}.{png|jpg|webp}</c>: a new upload is a new name,
/// so no browser or proxy ever shows a stale logo.
/// </summary>
public static partial class LogoRules
{
    public const long MaxBytes = 2 * 1024 * 1024;
    public const string FileField = "file";
    /// <summary>Widest and highest picture taken, in pixels (a logo needs far less; browsers decode what we serve).</summary>
    public const int MaxDimension = 8192;

    /// <summary>The site-relative path of an uploaded logo: its organization, then a random name with the type's extension.</summary>
    [GeneratedRegex("^/logos/(?<org>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/(?<file>[0-9a-f]{32}\\.(?:png|jpg|webp))\\z")]
    public static partial Regex PathPattern();

    /// <summary>The path of the logo <paramref name="file"/> of <paramref name="organizationId"/>.</summary>
    public static string PathOf(Guid organizationId, string file) => $"{SiteRoutes.Logos}/{organizationId:D}/{file}";

    /// <summary>A logo URL as settings may hold it: an absolute http(s) address, or the path of an uploaded logo.</summary>
    public static bool IsValidUrl(string? url) =>
        url is null || PathPattern().IsMatch(url)
        || (url.Length <= 2048 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http");
}
