using Codex.Contracts.Content;

namespace Codex.Web.Features.Library;

/// <summary>The library page and its results region.</summary>
public sealed class LibraryViewModel
{
    public required LibraryForm Form { get; init; }
    /// <summary>Inline errors by form field (<c>Q</c>, <c>Filter</c>, ...).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    /// <summary>The page of items; null when the form was invalid or the worker did not answer.</summary>
    public PagedList<LibraryItemDto>? Results { get; init; }
    /// <summary>Items in progress, most recent first: only on the unfiltered first page.</summary>
    public IReadOnlyList<LibraryItemDto> ContinueWatching { get; init; } = [];
    /// <summary>True when the Content-API did not answer in time.</summary>
    public bool Unavailable { get; init; }

    public bool IsSearch => !string.IsNullOrWhiteSpace(Form.Q);

    /// <summary>True when the page shows less than the whole library.</summary>
    public bool IsFiltered => IsSearch || Form.FilterValue != LibraryFilter.All;

    /// <summary>The "continue watching" strip belongs to the plain first page only.</summary>
    public static bool ShowsContinueWatching(LibraryForm form) =>
        string.IsNullOrWhiteSpace(form.Q) && form.FilterValue == LibraryFilter.All && form.PageValue == 1;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static IReadOnlyList<(string Value, string Label)> Filters { get; } =
        [("all", "Everything"), ("in_progress", "In progress"), ("completed", "Completed"), ("not_started", "Not started")];

    public static IReadOnlyList<(string Value, string Label)> Sorts { get; } =
        [("recent", "Recently watched"), ("title", "Title A–Z")];

    /// <summary>Whole percent shown on the progress bar: a completed item is 100 %.</summary>
    public static int Percent(LibraryProgressDto progress) => progress.Completed ? 100 : Math.Clamp(progress.PercentComplete, 0, 100);

    /// <summary>"watched", "listened to" or "read".</summary>
    public static string Verb(ContentType type) => type switch
    {
        ContentType.Video => "watched",
        ContentType.Audio => "listened to",
        _ => "read",
    };

    public static string Date(DateTimeOffset at) => Infrastructure.Display.Date(at);
}
