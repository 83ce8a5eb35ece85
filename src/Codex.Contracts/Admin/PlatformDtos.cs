using FluentValidation;

namespace Codex.Contracts.Admin;

/// <summary>
/// <c>GET /api/admin/stats?from=&amp;to=</c>: how the platform is doing over the UTC days <see cref="From"/> to
/// <see cref="To"/> (both included; the query follows <see cref="AnalyticsQuery"/>'s rules). <c>from</c> and <c>to</c>
/// are additions to the contract. Definitions in ADR 029.
/// </summary>
public sealed record PlatformStatsDto(DateOnly From, DateOnly To, PlatformTotalsDto Totals, IReadOnlyList<PlatformDayDto> Series);

/// <summary>
/// The platform's totals. Of the period: <c>revenueCents</c> what the paid sales made in it brought, net of what was
/// refunded of them (grants, free items and refunded duplicate payments are not sales; a disputed sale counts nothing
/// while the dispute runs: the rule of ADR 021 for every organization together); <c>purchases</c> those sales;
/// <c>refunds</c> the refunds made in the period (each <c>charge.refunded</c> the payment provider confirmed for a
/// sale, partial ones included, whenever the sale was made). As of now: <c>users</c> accounts not deleted,
/// <c>organizations</c> organizations not deleted, <c>publishedContent</c> the items the catalogue shows (published,
/// not deleted, of a live and unsuspended organization).
/// <para>
/// Additions to the contract: <c>refundedCents</c> what went back of the period's sales (so that revenue +
/// refunded is what they were sold for, disputes aside); <c>grants</c> complimentary access given in the period;
/// <c>newUsers</c>, <c>newOrganizations</c> and <c>newlyPublished</c> the accounts and organizations created in the
/// period and the items first published in it that are still in the catalogue's sense published.
/// </para>
/// </summary>
public sealed record PlatformTotalsDto(long RevenueCents, int Purchases, int Refunds, int Users, int Organizations, int PublishedContent,
    long RefundedCents, int Grants, int NewUsers, int NewOrganizations, int NewlyPublished);

/// <summary>
/// One UTC day of the period; days without activity are there with zeros. <c>revenueCents</c> and <c>purchases</c>
/// are the day's paid sales (as in the totals), <c>signups</c> the accounts created that day, and (an addition)
/// <c>refunds</c> the refunds the provider confirmed that day.
/// </summary>
public sealed record PlatformDayDto(DateOnly Date, long RevenueCents, int Purchases, int Signups, int Refunds);

/// <summary>
/// A content item as the platform admin lists it (<c>GET /api/admin/content</c>): its organization and creator
/// (with the creator's email, for a word with them), its state and moderation.
/// </summary>
public sealed record AdminContentDto(Guid Id, string Title, string Slug, ContentType ContentType, AccessType AccessType, int? PriceCents,
    ContentStatus Status, Guid OrganizationId, string OrganizationName, string OrganizationSlug, Guid CreatorId, string CreatorName,
    string CreatorEmail, DateTimeOffset? PublishedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ModeratedAt,
    string? ModerationReason);

/// <summary>
/// The query of <c>GET /api/admin/content</c>: paging as everywhere, <c>status</c> (draft|published|archived),
/// <c>organizationId</c>, and <c>search</c> in the title or the creator's name or email. Deleted items are never listed.
/// </summary>
public sealed record AdminContentQuery
{
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    public ContentStatus? Status { get; init; }
    public Guid? OrganizationId { get; init; }
    public string? Search { get; init; }

    public static AdminContentQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new AdminContentQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Status = reader.Enum<ContentStatus>("status"),
            OrganizationId = reader.Guid("organizationId"),
            Search = reader.String("search"),
        };
        reader.AddErrors(new AdminContentQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }
}

public sealed class AdminContentQueryValidator : AbstractValidator<AdminContentQuery>
{
    public AdminContentQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).MaximumLength(AdminSearch.Max).When(q => q.Search is not null).WithMessage(AdminSearch.TooLong);
    }
}

/// <summary>The longest search the admin lists take.</summary>
public static class AdminSearch
{
    public const int Max = 255;
    public static readonly string TooLong = $"Use at most {Max} characters.";
}

/// <summary><c>POST /api/admin/content/:id/unpublish</c>: why (required, mailed to the creator and kept in the audit log).</summary>
public sealed record UnpublishContentRequest(string? Reason);

public sealed class UnpublishContentRequestValidator : AbstractValidator<UnpublishContentRequest>
{
    public const int ReasonMax = 500;

    public UnpublishContentRequestValidator()
    {
        RuleFor(r => r.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Say why the item is unpublished; the creator reads it.")
            .MaximumLength(ReasonMax).WithMessage($"Use at most {ReasonMax} characters.");
    }
}

/// <summary>
/// A purchase or grant as the platform admin lists it (<c>GET /api/admin/purchases</c>): buyer, item, organization,
/// amounts, state; <c>granted</c> for complimentary access (no payment: never refunded).
/// </summary>
public sealed record AdminPurchaseDto(Guid Id, Guid UserId, string UserName, string UserEmail, Guid ContentId, string ContentTitle,
    string ContentSlug, Guid OrganizationId, string OrganizationName, string OrganizationSlug, int PriceCents, int RefundedCents,
    string Currency, PurchaseStatus Status, DateTimeOffset? PurchasedAt, DateTimeOffset? RefundedAt, bool Granted);

/// <summary>
/// The query of <c>GET /api/admin/purchases</c>: paging, <c>status</c> (pending|completed|refunded|disputed),
/// <c>userId</c>, <c>contentId</c>, and (an addition) <c>search</c> in the buyer's name or email or the item's title.
/// </summary>
public sealed record AdminPurchaseQuery
{
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    public PurchaseStatus? Status { get; init; }
    public Guid? UserId { get; init; }
    public Guid? ContentId { get; init; }
    public string? Search { get; init; }

    public static AdminPurchaseQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new AdminPurchaseQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Status = reader.Enum<PurchaseStatus>("status"),
            UserId = reader.Guid("userId"),
            ContentId = reader.Guid("contentId"),
            Search = reader.String("search"),
        };
        reader.AddErrors(new AdminPurchaseQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }
}

public sealed class AdminPurchaseQueryValidator : AbstractValidator<AdminPurchaseQuery>
{
    public AdminPurchaseQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).MaximumLength(AdminSearch.Max).When(q => q.Search is not null).WithMessage(AdminSearch.TooLong);
    }
}
