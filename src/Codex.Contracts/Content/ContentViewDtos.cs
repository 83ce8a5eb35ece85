using System.Text.RegularExpressions;

namespace Codex.Contracts.Content;

/// <summary>
/// Body of <c>POST /api/content/:id/views</c> (internal: the site, with <c>X-Codex-Internal-Key</c>): the people who
/// opened the item's page since the site's last report. Each is counted at most once per
/// <see cref="ContentViewRules.RepeatWindow"/>.
/// </summary>
public sealed record RecordViewsRequest(IReadOnlyList<ContentViewer>? Viewers);

/// <summary>
/// One viewer: a signed-in user by <paramref name="UserId"/>, or an anonymous visitor by
/// <paramref name="AnonymousKey"/>, a keyed hash the site makes of the visitor's address and browser (never the
/// address itself). Exactly one of the two.
/// </summary>
public sealed record ContentViewer(Guid? UserId, string? AnonymousKey);

/// <summary>The answer: how many of the reported viewers were counted (the rest were repeats or the item's own team).</summary>
public sealed record RecordViewsResult(int Counted);

/// <summary>The rules of view counting, shared by the site that reports views and the Content-API that counts them.</summary>
public static partial class ContentViewRules
{
    /// <summary>A viewer counted once is not counted again for the same item within this time.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(30);

    /// <summary>At most this many viewers in one report.</summary>
    public const int MaxViewersPerReport = 100;

    /// <summary>An anonymous key: base64url, 16 to 62 characters (it is stored with a two-character prefix in 64).</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{16,62}\\z")]
    public static partial Regex AnonymousKeyPattern();

    /// <summary>Field errors of <paramref name="request"/>, or null when it is valid.</summary>
    public static Dictionary<string, string[]>? Problems(RecordViewsRequest? request)
    {
        if (request?.Viewers is not { Count: > 0 } viewers) return new() { ["viewers"] = ["Name at least one viewer."] };
        if (viewers.Count > MaxViewersPerReport) return new() { ["viewers"] = [$"At most {MaxViewersPerReport} viewers in one report."] };
        for (var i = 0; i < viewers.Count; i++)
        {
            var viewer = viewers[i];
            if (viewer is null || (viewer.UserId is null) == (viewer.AnonymousKey is null))
                return new() { [$"viewers[{i}]"] = ["Give either userId or anonymousKey."] };
            if (viewer.AnonymousKey is { } key && !AnonymousKeyPattern().IsMatch(key))
                return new() { [$"viewers[{i}].anonymousKey"] = ["16 to 62 characters of A-Z, a-z, 0-9, - and _."] };
        }
        return null;
    }

    /// <summary>The key a viewer is stored under in <c>content_views</c> (at most 64 characters).</summary>
    public static string StoredKey(ContentViewer viewer) =>
        viewer.UserId is { } user ? "u:" + user.ToString("N") : "a:" + viewer.AnonymousKey;
}
