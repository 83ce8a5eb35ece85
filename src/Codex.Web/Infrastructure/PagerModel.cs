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
}
