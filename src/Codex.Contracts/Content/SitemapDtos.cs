using System.Globalization;
using FluentValidation;

namespace Codex.Contracts.Content;

/// <summary>
/// One published item as <c>GET /api/content/sitemap</c> streams it (internal: the site, with
/// <c>X-Codex-Internal-Key</c>): where its page is and when it last changed.
/// </summary>
public sealed record SitemapEntryDto(string OrganizationSlug, string Slug, DateTimeOffset UpdatedAt);

/// <summary><c>GET /api/content/sitemap/count</c>: how many items <c>GET /api/content/sitemap</c> lists in all.</summary>
public sealed record SitemapCountDto(int Total);

/// <summary>
/// The query of <c>GET /api/content/sitemap</c>: a window of the published catalogue, newest first (the order of the
/// catalogue's <c>sort=newest</c>), so that one sitemap file is one query.
/// </summary>
public sealed record SitemapQuery
{
    /// <summary>At most this many items in one answer: the sitemap protocol's limit of URLs in one file.</summary>
    public const int MaxLimit = 50_000;

    /// <summary>How many items to pass over first (0 and up).</summary>
    public int Offset { get; init; }
    /// <summary>How many items to list, 1..<see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = MaxLimit;

    /// <summary>Reads and validates a query; <paramref name="fieldErrors"/> is null when it is valid.</summary>
    public static SitemapQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new SitemapQuery { Offset = reader.Int("offset", 0), Limit = reader.Int("limit", MaxLimit) };
        reader.AddErrors(new SitemapQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }

    /// <summary>The query string parameters for this query.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToParameters()
    {
        yield return new("offset", Offset.ToString(CultureInfo.InvariantCulture));
        yield return new("limit", Limit.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>The bounds of a sitemap query: out of range is a 400, never a clamp.</summary>
public sealed class SitemapQueryValidator : AbstractValidator<SitemapQuery>
{
    public SitemapQueryValidator()
    {
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0).WithMessage("Must be 0 or more.");
        RuleFor(q => q.Limit).InclusiveBetween(1, SitemapQuery.MaxLimit).WithMessage($"Must be between 1 and {SitemapQuery.MaxLimit}.");
    }
}
