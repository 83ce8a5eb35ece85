namespace Codex.Web.Infrastructure;

public static partial class DomIds
{
    /// <summary>The discover page's polite status: the result count after a swap, never the cards (Issue 15, item 10).</summary>
    public const string DiscoverStatus = "discover-status";
    /// <summary>The discover page's tag and creator filters in use, each with a link that removes it.</summary>
    public const string DiscoverFilters = "discover-filters";
}
