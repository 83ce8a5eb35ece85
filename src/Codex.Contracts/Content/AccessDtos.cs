using FluentValidation;

namespace Codex.Contracts.Content;

/// <summary><c>GET /api/access/content/:id/stream</c>: a time-limited URL the browser fetches the media from.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record StreamingUrlDto(string StreamingUrl, DateTimeOffset ExpiresAt, string ContentType);

/// <summary>The bounds of <c>expirySeconds</c> on the streaming-URL route.</summary>
public static class StreamingExpiry
{
    public const int Min = 60;
    public const int Max = 7200;
    public const int Default = 600;
}

/// <summary>The caller's saved position in one item.</summary>
public sealed record PlaybackProgressDto(double PositionSeconds, double DurationSeconds, bool Completed, DateTimeOffset UpdatedAt);

/// <summary><c>GET /api/access/content/:id/progress</c>: <c>{progress: null | {...}}</c>.</summary>
public sealed record ProgressDto(PlaybackProgressDto? Progress);

/// <summary><c>GET /api/access/user/owned</c>: the ids of the items the caller bought and still owns (unordered).</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record OwnedContentDto(IReadOnlyList<Guid> ContentIds);

/// <summary><c>POST /api/access/content/:id/progress</c>.</summary>
public sealed record SaveProgressRequest(double? PositionSeconds, double? DurationSeconds, bool? Completed);

/// <summary>Progress rules (CONTRACT.md, "Access"): completed from 95 % on.</summary>
public static class ProgressRules
{
    public const double CompletedFraction = 0.95;

    public static bool IsCompleted(double positionSeconds, double durationSeconds, bool? saysCompleted) =>
        saysCompleted == true || positionSeconds >= CompletedFraction * durationSeconds;

    /// <summary>
    /// Whether a saved position says the item was started: played past 0, or finished. A row at 0 (what a player that
    /// saved on a mere page view left behind) is not "in progress" and does not put an item in the library
    /// (issue 15, item 1; ADR 033).
    /// </summary>
    public static bool IsStarted(double positionSeconds, bool completed) => completed || positionSeconds > 0;

    /// <summary>0..100, whole percent.</summary>
    public static int PercentComplete(double positionSeconds, double durationSeconds) =>
        durationSeconds <= 0 ? 0 : (int)Math.Clamp(Math.Round(100 * positionSeconds / durationSeconds), 0, 100);
}

public sealed class SaveProgressRequestValidator : AbstractValidator<SaveProgressRequest>
{
    /// <summary>Longer than any real recording (about 4 months): beyond it a number is a mistake or an attack.</summary>
    public const double MaxSeconds = 10_000_000;

    public SaveProgressRequestValidator()
    {
        RuleFor(r => r.PositionSeconds).NotNull().WithMessage("Required.")
            .Must(v => v is null || double.IsFinite(v.Value)).WithMessage("Must be a finite number.")
            .GreaterThanOrEqualTo(0).WithMessage("Must be 0 or more.")
            .LessThanOrEqualTo(MaxSeconds).WithMessage($"Must be at most {MaxSeconds:0} seconds.");
        RuleFor(r => r.DurationSeconds).NotNull().WithMessage("Required.")
            .Must(v => v is null || double.IsFinite(v.Value)).WithMessage("Must be a finite number.")
            .GreaterThan(0).WithMessage("Must be more than 0.")
            .LessThanOrEqualTo(MaxSeconds).WithMessage($"Must be at most {MaxSeconds:0} seconds.");
        RuleFor(r => r.PositionSeconds).LessThanOrEqualTo(r => r.DurationSeconds)
            .When(r => r.PositionSeconds is >= 0 and <= MaxSeconds && r.DurationSeconds is > 0 and <= MaxSeconds)
            .WithMessage("Must not be beyond the duration.");
    }
}

public enum LibraryFilter { All, InProgress, Completed, NotStarted }

public enum LibrarySort { Recent, Title }

/// <summary>The query of <c>GET /api/access/user/library</c>.</summary>
public sealed record LibraryQuery
{
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    public LibraryFilter Filter { get; init; } = LibraryFilter.All;
    public LibrarySort Sort { get; init; } = LibrarySort.Recent;
    public string? Search { get; init; }

    /// <summary>Reads and validates a query; <paramref name="fieldErrors"/> is null when it is valid.</summary>
    public static LibraryQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new LibraryQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Filter = reader.Enum<LibraryFilter>("filter") ?? LibraryFilter.All,
            Sort = reader.Enum<LibrarySort>("sort") ?? LibrarySort.Recent,
            Search = reader.String("search"),
        };
        reader.AddErrors(new LibraryQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }

    /// <summary>The query string parameters for this query (defaults left out).</summary>
    public IEnumerable<KeyValuePair<string, string>> ToParameters()
    {
        if (Page != 1) yield return new("page", Page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Limit != Paging.DefaultLimit) yield return new("limit", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Filter != LibraryFilter.All) yield return new("filter", ContractJson.WireName(Filter));
        if (Sort != LibrarySort.Recent) yield return new("sort", ContractJson.WireName(Sort));
        if (Search is not null) yield return new("search", Search);
    }
}

public sealed class LibraryQueryValidator : AbstractValidator<LibraryQuery>
{
    public LibraryQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).Length(2, 255).When(q => q.Search is not null)
            .WithMessage("Search must be between 2 and 255 characters.");
    }
}

/// <summary>One library entry: the item, the caller's purchase of it (or null) and progress (or null).</summary>
public sealed record LibraryItemDto(LibraryContentDto Content, LibraryPurchaseDto? Purchase, LibraryProgressDto? Progress);

public sealed record LibraryContentDto(Guid Id, string Slug, string Title, string? Description, string? ThumbnailUrl,
    ContentType ContentType, int? DurationSeconds, string OrganizationSlug);

public sealed record LibraryPurchaseDto(DateTimeOffset? PurchasedAt, int PriceCents);

public sealed record LibraryProgressDto(double PositionSeconds, double DurationSeconds, bool Completed, int PercentComplete, DateTimeOffset UpdatedAt);
