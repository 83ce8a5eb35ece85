namespace Codex.Web.Infrastructure;

/// <summary>Where a <c>?redirect=</c> may send a user: a path on this site, nothing else.</summary>
public static class SafeRedirect
{
    /// <summary>
    /// True for <c>/x</c>; false for <c>//x</c> and <c>/\x</c> (protocol-relative), any scheme or host, control
    /// characters, and anything that does not start with a single slash.
    /// </summary>
    public static bool IsSafe(string? path) =>
        !string.IsNullOrEmpty(path) && path.Length <= 2048 && path[0] == '/'
        && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'))
        && !path.Any(c => char.IsControl(c) || c == '\\');

    /// <summary>The redirect target if safe, else <paramref name="fallback"/>.</summary>
    public static string Or(string? path, string fallback) => IsSafe(path) ? path! : fallback;
}
