using System.Globalization;
using FluentValidation;

namespace Codex.Contracts.Content;

/// <summary>The query of <c>GET /api/content</c>.</summary>
public sealed record ContentListQuery
{
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    public string? Search { get; init; }
    public ContentType? ContentType { get; init; }
    public AccessType? AccessType { get; init; }
    public Guid? OrganizationId { get; init; }
    public Guid? CreatorId { get; init; }
    /// <summary>Items carrying this tag, matched without regard to case (1..50 characters, as a tag is).</summary>
    public string? Tag { get; init; }
    public ContentSort Sort { get; init; } = ContentSort.Newest;
    /// <summary>
    /// <c>mine</c>: the caller's own items, drafts included (needs a session); with <see cref="OrganizationId"/>,
    /// every item of an organization the caller manages.
    /// </summary>
    public string? Scope { get; init; }
    /// <summary>With <c>scope=mine</c> only: <c>draft</c> or <c>published</c>.</summary>
    public ContentStatus? Status { get; init; }

    /// <summary>The scope value that lists the caller's own items.</summary>
    public const string ScopeMine = "mine";

    /// <summary>Reads and validates a query; <paramref name="fieldErrors"/> is null when it is valid.</summary>
    public static ContentListQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new ContentListQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Search = reader.String("search"),
            ContentType = reader.Enum<ContentType>("contentType"),
            AccessType = reader.Enum<AccessType>("accessType"),
            OrganizationId = reader.Guid("organizationId"),
            CreatorId = reader.Guid("creatorId"),
            Tag = reader.String("tag"),
            Sort = reader.Enum<ContentSort>("sort") ?? ContentSort.Newest,
            Scope = reader.String("scope"),
            Status = reader.Enum<ContentStatus>("status"),
        };
        reader.AddErrors(new ContentListQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }

    /// <summary>The query string parameters for this query (defaults left out).</summary>
    public IEnumerable<KeyValuePair<string, string>> ToParameters()
    {
        if (Page != 1) yield return new("page", Page.ToString(CultureInfo.InvariantCulture));
        if (Limit != Paging.DefaultLimit) yield return new("limit", Limit.ToString(CultureInfo.InvariantCulture));
        if (Search is not null) yield return new("search", Search);
        if (ContentType is { } type) yield return new("contentType", ContractJson.WireName(type));
        if (AccessType is { } access) yield return new("accessType", ContractJson.WireName(access));
        if (OrganizationId is { } org) yield return new("organizationId", org.ToString());
        if (CreatorId is { } creator) yield return new("creatorId", creator.ToString());
        if (Tag is not null) yield return new("tag", Tag);
        if (Sort != ContentSort.Newest) yield return new("sort", ContractJson.WireName(Sort));
        if (Scope is not null) yield return new("scope", Scope);
        if (Status is { } status) yield return new("status", ContractJson.WireName(status));
    }
}

/// <summary>The bounds of a catalogue query (the seed's list schema).</summary>
public sealed class ContentListQueryValidator : AbstractValidator<ContentListQuery>
{
    public ContentListQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).Length(2, 255).When(q => q.Search is not null)
            .WithMessage("Search must be between 2 and 255 characters.");
        RuleFor(q => q.Tag!).MaximumLength(ContentRules.TagMax).When(q => q.Tag is not null)
            .WithMessage($"A tag is at most {ContentRules.TagMax} characters.");
        RuleFor(q => q.Scope).Equal(ContentListQuery.ScopeMine).When(q => q.Scope is not null)
            .WithMessage($"Must be \"{ContentListQuery.ScopeMine}\".");
        RuleFor(q => q.Status).Must(s => s is ContentStatus.Draft or ContentStatus.Published).When(q => q.Status is not null)
            .WithMessage("Must be \"draft\" or \"published\".");
        RuleFor(q => q.Status).Null().When(q => q.Scope is null)
            .WithMessage($"Filter by status only with scope={ContentListQuery.ScopeMine}: the catalogue lists published items.");
    }
}
