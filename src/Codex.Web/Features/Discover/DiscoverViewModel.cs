using Codex.Contracts.Content;

namespace Codex.Web.Features.Discover;

/// <summary>The discover page and its results region.</summary>
public sealed class DiscoverViewModel
{
    public required DiscoverForm Form { get; init; }
    /// <summary>Inline errors by form field (<c>Q</c>, <c>Type</c>, ...).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    /// <summary>The page of results; null when the form was invalid or the worker did not answer.</summary>
    public PagedList<ContentDto>? Results { get; init; }
    /// <summary>True when the Content-API did not answer in time.</summary>
    public bool Unavailable { get; init; }

    public bool IsSearch => !string.IsNullOrWhiteSpace(Form.Q);

    /// <summary>The tag filter as typed (trimmed), or null.</summary>
    public string? Tag => string.IsNullOrWhiteSpace(Form.Tag) ? null : Form.Tag.Trim();

    /// <summary>True when the form names a creator (a valid id or not).</summary>
    public bool HasCreator => !string.IsNullOrWhiteSpace(Form.Creator);

    /// <summary>
    /// The creator of the creator filter, as the catalogue names them on their items; null when they are not known
    /// (nothing published, or the catalogue did not answer).
    /// </summary>
    public CreatorSummary? Creator { get; init; }

    /// <summary>How the creator filter reads: their name, or a phrase when the catalogue could not name them.</summary>
    public string CreatorName => Creator?.Name ?? "an unknown creator";

    /// <summary>The tag and creator filters in words (<c>tagged “video” by Cleo Creator</c>), or empty.</summary>
    public string FilterPhrase => string.Join(" ", new[]
    {
        Tag is null ? null : $"tagged \u201c{Tag}\u201d",
        HasCreator ? $"by {CreatorName}" : null,
    }.Where(p => p is not null));

    /// <summary>The page's heading: what is shown, when a tag or creator narrows it; otherwise "Discover".</summary>
    public string Heading => FilterPhrase.Length == 0 ? "Discover" : char.ToUpperInvariant(FilterPhrase[0]) + FilterPhrase[1..];

    /// <summary>The page's title (before " | Codex"): the search and the filters that name what is shown.</summary>
    public string Title => IsSearch
        ? $"Search: {Form.Q!.Trim()}" + (FilterPhrase.Length == 0 ? "" : ", " + FilterPhrase)
        : Heading;

    /// <summary>The count of results in words, with the search and named filters (the results' heading and the spoken status).</summary>
    public string CountText
    {
        get
        {
            var total = Results?.Pagination.Total ?? 0;
            var text = $"{total} {(total == 1 ? "result" : "results")}";
            if (IsSearch) text += $" for \u201c{Form.Q!.Trim()}\u201d";
            return FilterPhrase.Length == 0 ? text : text + " " + FilterPhrase;
        }
    }

    /// <summary>
    /// What the polite status says after a swap: the count only (never the cards). Empty for a form with errors or a
    /// worker that did not answer, whose notices are alerts of their own.
    /// </summary>
    public string StatusText => Results is null ? "" : CountText + ".";

    /// <summary>What the status says when infinite scroll added a page: how many of how many are shown now.</summary>
    public string MoreStatusText
    {
        get
        {
            if (Results is null) return "";
            var pagination = Results.Pagination;
            var shown = Math.Min(pagination.Total, (pagination.Page - 1) * pagination.Limit + Results.Items.Count);
            return $"Showing {shown} of {pagination.Total} results.";
        }
    }

    /// <summary>The organization filter's options: "all" and every organization.</summary>
    public IReadOnlyList<(string Value, string Label)> Organizations { get; init; } = [("", "All organizations")];

    /// <summary>True when the page shows something other than the whole catalogue's first page.</summary>
    public bool IsFiltered => IsSearch || !string.IsNullOrWhiteSpace(Form.Type) || !string.IsNullOrWhiteSpace(Form.Access)
        || !string.IsNullOrWhiteSpace(Form.Org) || !string.IsNullOrWhiteSpace(Form.Creator) || !string.IsNullOrWhiteSpace(Form.Tag);

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static IReadOnlyList<(string Value, string Label)> Types { get; } =
        [("", "All types"), ("video", "Video"), ("audio", "Audio"), ("written", "Articles")];

    public static IReadOnlyList<(string Value, string Label)> AccessOptions { get; } =
        [("", "Any access"), ("free", "Free"), ("paid", "Paid"), ("members", "Members only")];

    public static IReadOnlyList<(string Value, string Label)> Sorts { get; } =
        [("newest", "Newest"), ("oldest", "Oldest"), ("title", "Title A–Z"), ("popular", "Most popular")];
}
