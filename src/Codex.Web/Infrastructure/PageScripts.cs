namespace Codex.Web.Infrastructure;

/// <summary>
/// Scripts a partial asks the layout for (issue 16, ADR 039): the layout renders after its page, so a partial that
/// shows progress cards or an optimistic form marks the request, and only those pages load the script (the JavaScript
/// budget: 25 KB gzipped on any page).
/// </summary>
public static class PageScripts
{
    /// <summary><c>/js/progress-cards.js</c>: cards whose progress bars follow the player in other tabs.</summary>
    public const string ProgressCards = "/js/progress-cards.js";

    /// <summary><c>/js/optimistic.js</c>: forms that show their result at once and undo on failure.</summary>
    public const string Optimistic = "/js/optimistic.js";

    private static readonly object Key = new();

    public static void Need(HttpContext http, string script)
    {
        if (http.Items[Key] is not List<string> scripts) http.Items[Key] = scripts = [];
        if (!scripts.Contains(script)) scripts.Add(script);
    }

    public static IReadOnlyList<string> Needed(HttpContext http) => http.Items[Key] as List<string> ?? [];
}
