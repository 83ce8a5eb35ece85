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

    /// <summary>The organization filter's options: "all" and every organization.</summary>
    public IReadOnlyList<(string Value, string Label)> Organizations { get; init; } = [("", "All organizations")];

    /// <summary>True when the page shows something other than the whole catalogue's first page.</summary>
    public bool IsFiltered => IsSearch || !string.IsNullOrWhiteSpace(Form.Type) || !string.IsNullOrWhiteSpace(Form.Access)
        || !string.IsNullOrWhiteSpace(Form.Org) || !string.IsNullOrWhiteSpace(Form.Creator);

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static IReadOnlyList<(string Value, string Label)> Types { get; } =
        [("", "All types"), ("video", "Video"), ("audio", "Audio"), ("written", "Articles")];

    public static IReadOnlyList<(string Value, string Label)> AccessOptions { get; } =
        [("", "Any access"), ("free", "Free"), ("paid", "Paid"), ("members", "Members only")];

    public static IReadOnlyList<(string Value, string Label)> Sorts { get; } =
        [("newest", "Newest"), ("oldest", "Oldest"), ("title", "Title A–Z"), ("popular", "Most popular")];
}
