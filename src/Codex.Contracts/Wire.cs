namespace Codex.Contracts;

/// <summary>The session cookie both sides read: the site sets it on its own host and forwards it to workers.</summary>
public static class SessionCookie
{
    /// <summary><c>codex-session</c>: an opaque random token; workers store only its hash.</summary>
    public const string Name = "codex-session";

    /// <summary>The longest value either side accepts (a token is 43 characters).</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// Whether <paramref name="value"/> can be a session token at all: base64url characters, at most
    /// <see cref="MaxLength"/>. Anything else (a cookie a visitor edited) is no session, and is not worth asking about.
    /// </summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}

/// <summary>
/// Tags of the site's cached reads. Workers name them when they tell every site instance to drop what changed
/// (<see cref="Notifications.LiveEventTypes.CacheInvalidated"/> on the bus); the site puts them on its cache entries.
/// </summary>
public static class CacheTags
{
    /// <summary>Every catalogue read: lists, items, anonymous streaming URLs, the sitemap.</summary>
    public const string Content = "content";

    /// <summary>Every organization read, and the list of all organizations.</summary>
    public const string Organizations = "organizations";

    /// <summary>One organization's profile, settings and items.</summary>
    public static string Organization(string slug) => "org:" + slug;

    /// <summary>
    /// What the site holds about one user: their resolved session and their memberships. Dropped when the user's
    /// sessions end (sign-out, password reset, disabling) or their memberships change.
    /// </summary>
    public static string User(Guid userId) => "user:" + userId.ToString("D");

    /// <summary>The user id of a <see cref="User"/> tag, or null for any other tag.</summary>
    public static Guid? UserOf(string tag) =>
        tag.StartsWith("user:", StringComparison.Ordinal) && Guid.TryParseExact(tag.AsSpan(5), "D", out var id) ? id : null;

    /// <summary>
    /// What the site keeps of one user's own data (their library, progress, streaming URLs, items as they see them),
    /// but not their session: dropped when they save progress, and with <see cref="User"/>, which every such entry
    /// also carries.
    /// </summary>
    public static string UserData(Guid userId) => "user-data:" + userId.ToString("D");

    /// <summary>The user id of a <see cref="UserData"/> tag, or null for any other tag.</summary>
    public static Guid? UserDataOf(string tag) =>
        tag.StartsWith("user-data:", StringComparison.Ordinal) && Guid.TryParseExact(tag.AsSpan(10), "D", out var id) ? id : null;

    /// <summary>A person's public page (<c>/u/{username}</c>) and their public profile: dropped when the profile changes.</summary>
    public static string Person(string username) => "person:" + username;

    /// <summary>The tags of one or more organizations changing (their slugs, old and new).</summary>
    public static string[] OrganizationsChanged(params string[] slugs) => [.. slugs.Distinct().Select(Organization), Organizations];
}

/// <summary>
/// Names of the events the server raises on the page (<c>HX-Trigger</c>) and that <c>hx-trigger</c> attributes and
/// <c>site.js</c> listen for.
/// </summary>
public static class HtmxEvents
{
    /// <summary>The user's library changed (a purchase completed): an open library refreshes.</summary>
    public const string LibraryChanged = "library-changed";

    /// <summary>Raised on a search form by <c>site.js</c> when its query or filters changed (debounced, 2 characters or more).</summary>
    public const string Search = "codex:search";

    /// <summary>Raised on the studio's slug field by <c>site.js</c> after it filled the slug from the title: the availability check runs.</summary>
    public const string SlugFilled = "codex:slug-filled";
}
