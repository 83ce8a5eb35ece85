namespace Codex.Web.Infrastructure;

/// <summary>
/// The page links under a list (<c>_Pagination.cshtml</c>): previous, up to two pages either side, next. Each is a
/// real link; with <see cref="TargetId"/> htmx swaps just that region and pushes the URL.
/// </summary>
/// <param name="UrlFor">The URL of a page number.</param>
/// <param name="TargetId">The region htmx replaces, or null for plain links.</param>
/// <param name="Infinite">Marks the links as the fallback of infinite scroll (CSS hides them when it runs).</param>
public sealed record PagerModel(Pagination Pagination, Func<int, string> UrlFor, string? TargetId, bool Infinite = false)
{
    public const int Window = 2;

    public bool Shown => Pagination.TotalPages > 1;
    public int First => Math.Max(1, Pagination.Page - Window);
    public int Last => Math.Min(Pagination.TotalPages, Pagination.Page + Window);

    /// <summary>Whether <paramref name="text"/> (a <c>page</c> query value) is empty or a number from 1 to 1000.</summary>
    public static bool IsPage(string? text) => string.IsNullOrWhiteSpace(text)
        || (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n is >= 1 and <= Paging.MaxPage);

    /// <summary>The page a <c>page</c> query value names, or 1 when it names none from 1 to 1000.</summary>
    public static int PageOf(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n is >= 1 and <= Paging.MaxPage ? n : 1;
}
