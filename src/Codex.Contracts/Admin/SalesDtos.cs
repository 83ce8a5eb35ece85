using System.Globalization;
using Codex.Contracts.Auth;
using FluentValidation;

namespace Codex.Contracts.Admin;

/// <summary>
/// <c>GET /api/admin/organizations/:id/analytics</c>: an organization's sales over the days <see cref="From"/> to
/// <see cref="To"/> (UTC, both included). Revenue is net of refunds and counted on the day of the sale (ADR 021).
/// </summary>
public sealed record OrganizationAnalyticsDto(DateOnly From, DateOnly To, AnalyticsTotalsDto Totals, IReadOnlyList<SalesDayDto> Series,
    IReadOnlyList<TopContentDto> TopContent);

/// <summary>
/// The period's totals: <c>revenueCents</c> net of refunds (disputed sales count nothing while the dispute runs),
/// <c>purchases</c> paid sales, <c>refunds</c> those of them refunded in part or whole (and <c>refundedCents</c> how
/// much), <c>grants</c> complimentary access given (never revenue).
/// </summary>
public sealed record AnalyticsTotalsDto(long RevenueCents, int Purchases, int Refunds, long RefundedCents, int Grants);

/// <summary>One day of the series; days without sales are there with zeros.</summary>
public sealed record SalesDayDto(DateOnly Date, long RevenueCents, int Purchases);

/// <summary>
/// One of the period's best sellers (by revenue, then sales). <c>views</c> are the item's page views of all time: views
/// are not kept per day.
/// </summary>
public sealed record TopContentDto(Guid ContentId, string Title, string Slug, int Purchases, long RevenueCents, long Views);

/// <summary>
/// A purchase or grant as the selling organization sees it: who, what, when, for how much. <c>granted</c>: complimentary
/// access (price 0, no payment), which can be neither refunded nor counted as revenue.
/// </summary>
public sealed record OrganizationPurchaseDto(Guid Id, Guid OrganizationId, Guid UserId, string UserName, string UserEmail, Guid ContentId, string ContentTitle,
    string ContentSlug, int PriceCents, int RefundedCents, string Currency, PurchaseStatus Status, DateTimeOffset? PurchasedAt,
    DateTimeOffset? RefundedAt, bool Granted);

/// <summary>The query of the analytics route: <c>from</c> and <c>to</c> as <c>yyyy-MM-dd</c> (UTC days, both included).</summary>
public sealed record AnalyticsQuery(DateOnly From, DateOnly To)
{
    /// <summary>The longest period one request may ask for, in days.</summary>
    public const int MaxDays = 366;
    /// <summary>The period when none is given: the last 30 days, today included.</summary>
    public const int DefaultDays = 30;
    /// <summary>The earliest and latest days a period may name: far from <see cref="DateOnly"/>'s ends, so the period's arithmetic never overflows.</summary>
    public static readonly DateOnly MinDate = new(2000, 1, 1);
    public static readonly DateOnly MaxDate = new(2100, 12, 31);
    public static string OutOfRange => $"Must be between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}.";

    /// <summary>How many days the period holds.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// Reads <c>from</c> and <c>to</c>; either may be left out (<c>to</c>: <paramref name="today"/>; <c>from</c>: 29 days
    /// before <c>to</c>). <paramref name="fieldErrors"/> is null when the period is valid.
    /// </summary>
    public static AnalyticsQuery Read(Func<string, string?> get, DateOnly today, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var to = Date(reader, "to") ?? today;
        var from = Date(reader, "from") ?? to.AddDays(-(DefaultDays - 1));
        var query = new AnalyticsQuery(from, to);
        reader.AddErrors(new AnalyticsQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }

    private static DateOnly? Date(QueryReader reader, string name)
    {
        var text = reader.String(name);
        if (text is null) return null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            reader.AddError(name, "Expected a date like 2026-01-31.");
        else if (date < MinDate || date > MaxDate)
            reader.AddError(name, OutOfRange); // before any arithmetic on it (the default from is 29 days before to)
        else
            return date;
        return null;
    }
}

public sealed class AnalyticsQueryValidator : AbstractValidator<AnalyticsQuery>
{
    public AnalyticsQueryValidator()
    {
        RuleFor(q => q.From).InclusiveBetween(AnalyticsQuery.MinDate, AnalyticsQuery.MaxDate).WithMessage(AnalyticsQuery.OutOfRange);
        RuleFor(q => q.To).InclusiveBetween(AnalyticsQuery.MinDate, AnalyticsQuery.MaxDate).WithMessage(AnalyticsQuery.OutOfRange);
        RuleFor(q => q.From).LessThanOrEqualTo(q => q.To).WithMessage("Must be on or before the end of the period.");
        RuleFor(q => q.Days).LessThanOrEqualTo(AnalyticsQuery.MaxDays)
            .WithName("to").OverridePropertyName("to")
            .WithMessage($"A period may span at most {AnalyticsQuery.MaxDays} days.");
    }
}

/// <summary>The query of the customers route: paging as everywhere, and a search of the buyer's name or email or the item's title.</summary>
public sealed record CustomerListQuery
{
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    public string? Search { get; init; }

    public static CustomerListQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new CustomerListQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Search = reader.String("search"),
        };
        reader.AddErrors(new CustomerListQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }
}

public sealed class CustomerListQueryValidator : AbstractValidator<CustomerListQuery>
{
    public CustomerListQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).MaximumLength(255).When(q => q.Search is not null).WithMessage("Use at most 255 characters.");
    }
}

/// <summary>The <c>format</c> values of the customers route: JSON pages (default) or the whole list as CSV.</summary>
public static class CustomerListFormat
{
    public const string Csv = "csv";
}

/// <summary><c>POST /api/admin/organizations/:id/grants</c>: complimentary access to one item, for a user named by id or by email.</summary>
public sealed record GrantRequest(Guid? UserId, string? Email, Guid? ContentId);

public sealed class GrantRequestValidator : AbstractValidator<GrantRequest>
{
    public GrantRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().WithMessage("Enter the email address of the person to give access to.")
            .When(r => r.UserId is null);
        RuleFor(r => r.Email!).MaximumLength(AccountRules.EmailMax).WithMessage($"Use at most {AccountRules.EmailMax} characters.")
            .EmailAddress().WithMessage("Enter an email address like name@example.com.")
            .When(r => !string.IsNullOrEmpty(r.Email));
        RuleFor(r => r.UserId).Null().WithMessage("Name the person by userId or by email, not both.")
            .When(r => !string.IsNullOrEmpty(r.Email));
        RuleFor(r => r.ContentId).NotNull().WithMessage("Choose the item to give access to.");
    }
}

/// <summary>
/// <c>POST /api/admin/purchases/:id/refund</c>: why, and how much (cents; the whole remaining amount when left out).
/// With an <c>Idempotency-Key</c> header, a repeated request answers the first refund again.
/// </summary>
public sealed record RefundRequest(string? Reason, int? AmountCents);

public sealed class RefundRequestValidator : AbstractValidator<RefundRequest>
{
    public const int ReasonMax = 500;

    public RefundRequestValidator()
    {
        RuleFor(r => r.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Say why the purchase is refunded.")
            .MaximumLength(ReasonMax).WithMessage($"Use at most {ReasonMax} characters.");
        RuleFor(r => r.AmountCents).GreaterThan(0).When(r => r.AmountCents is not null).WithMessage("Must be more than zero.");
    }
}

/// <summary>
/// Internal (Admin-API to Ecom-API, with the internal key): give <see cref="AmountCents"/> of a purchase's payment back
/// through the payment provider. <see cref="IdempotencyKey"/> is the provider's: the same key never refunds twice.
/// </summary>
public sealed record ProviderRefundRequest(Guid PurchaseId, int AmountCents, string Reason, string IdempotencyKey);

/// <summary>What the Admin-API tells the Ecom-API to refund, and where.</summary>
public static class RefundRules
{
    /// <summary>The prefix of <c>checkoutSessionId</c> of a grant (a purchase row with no payment behind it).</summary>
    public const string GrantSessionPrefix = "grant_";
}
