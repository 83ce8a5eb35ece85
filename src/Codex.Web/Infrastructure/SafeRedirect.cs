namespace Codex.Web.Infrastructure;

/// <summary>Where a <c>?redirect=</c> may send a user: a path on this site, nothing else.</summary>
public static class SafeRedirect
{
    /// <summary>
    /// True for <c>/x</c>; false for <c>//x</c> and <c>/\x</c> (protocol-relative), any scheme or host, control
    /// characters, and anything that does not start with a single slash. The rule is the one the Auth worker applies to
    /// <c>RegisterRequest.redirect</c>, <see cref="Codex.Contracts.Auth.AccountRules.IsLocalPath"/>.
    /// </summary>
    public static bool IsSafe(string? path) => Codex.Contracts.Auth.AccountRules.IsLocalPath(path);

    /// <summary>The redirect target if safe, else <paramref name="fallback"/>.</summary>
    public static string Or(string? path, string fallback) => IsSafe(path) ? path! : fallback;
}
