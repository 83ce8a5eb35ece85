using System.Globalization;
using Codex.Contracts.Admin;
using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;

namespace Codex.Web.Features.Studio.Sales;

/// <summary>The sales section's URLs.</summary>
public static class SalesPaths
{
    public static string Index(string org) => StudioPaths.Sales(org);
    public static string Customers(string org) => Index(org) + "/customers";
    public static string Csv(string org) => Index(org) + "/customers.csv";
    public static string Grants(string org) => Index(org) + "/grants";
    public static string Refund(string org, Guid purchaseId) => Index(org) + "/purchases/" + purchaseId.ToString("D") + "/refund";
}

/// <summary>Ids of the sales page's swappable regions (views and tests use these).</summary>
public static class SalesDomIds
{
    public const string PeriodForm = "sales-period-form";
    public const string Overview = "sales-overview";
    public const string Chart = "sales-chart";
    public const string Customers = "sales-customers";
    public const string CustomersForm = "sales-customers-form";
    public const string GrantForm = "sales-grant-form";
    /// <summary>The region of the sales page where a refund confirmation opens (htmx swaps its inside).</summary>
    public const string RefundRegion = "sales-refund";
    /// <summary>The confirmation itself (its own page without JavaScript, inside <see cref="RefundRegion"/> with htmx).</summary>
    public const string RefundConfirm = "sales-refund-confirm";
    /// <summary>The suggestions of the grant form's item field.</summary>
    public const string GrantItems = "sales-grant-items";
}

/// <summary>/studio/{org}/sales: the period's numbers, the customers, the grant form.</summary>
public sealed record SalesViewModel(StudioOrganization Organization, SalesQueryForm Query)
{
    public OrganizationAnalyticsDto? Analytics { get; init; }
    public bool AnalyticsUnavailable { get; init; }
    public PagedList<OrganizationPurchaseDto>? Customers { get; init; }
    public bool CustomersUnavailable { get; init; }
    /// <summary>The query's own errors (a hand-edited URL), shown above the customers.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    public required GrantFormModel Grant { get; init; }

    public string BasePath => SalesPaths.Index(Organization.Slug);
    public string CustomersUrlFor(int page) => Query.UrlFor(SalesPaths.Customers(Organization.Slug), page);
    public string PageUrlFor(int page) => Query.UrlFor(BasePath, page);
    public string CurrentUrl => PageUrlFor(Query.PageValue);
    public string CsvUrl => Query.Search is { } q ? SalesPaths.Csv(Organization.Slug) + "?q=" + Uri.EscapeDataString(q) : SalesPaths.Csv(Organization.Slug);
    public SalesChartModel? Chart => Analytics is null ? null : new SalesChartModel(Analytics);

    public static IReadOnlyList<(string Value, string Label)> PeriodOptions { get; } =
        [.. SalesQueryForm.Periods.Select(d => (d.ToString(CultureInfo.InvariantCulture), $"Last {d} days"))];

    /// <summary>How a purchase's state reads in the table.</summary>
    public static string StatusOf(OrganizationPurchaseDto p) => p switch
    {
        { Granted: true } => "Complimentary",
        { Status: PurchaseStatus.Refunded } => "Refunded",
        { Status: PurchaseStatus.Disputed } => "Disputed",
        { RefundedCents: > 0 } => "Partly refunded",
        _ => "Paid",
    };

    /// <summary>Whether the row offers a refund: a paid purchase with money left to give back, not under dispute.</summary>
    public static bool CanRefund(OrganizationPurchaseDto p) =>
        !p.Granted && p.PriceCents > 0 && p.Status == PurchaseStatus.Completed && p.RefundedCents < p.PriceCents;

    public static string Date(DateTimeOffset? at) => Display.Date(at);
}

/// <summary>The grant form with the organization's paid items to choose from.</summary>
/// <param name="Items">Suggestions for the item field (titles and addresses of some paid items); any paid item may be typed.</param>
public sealed record GrantFormModel(StudioOrganization Organization, GrantForm Form, IReadOnlyList<(string Value, string Label)> Items,
    bool ItemsUnavailable)
{
    /// <summary>A flash-like line after a grant made with htmx (the form stays on the page, emptied).</summary>
    public string? Done { get; init; }
}

/// <summary>The refund confirmation: the purchase, the form as typed.</summary>
public sealed record RefundViewModel(StudioOrganization Organization, OrganizationPurchaseDto Purchase, RefundForm Form)
{
    public int RemainingCents => Purchase.PriceCents - Purchase.RefundedCents;
}

/// <summary>The dashboard's "Sales this month" panel: this calendar month's figures (UTC), or why they are missing.</summary>
public sealed record SalesThisMonth(string OrganizationSlug, AnalyticsTotalsDto? Totals, bool Unavailable);

/// <summary>
/// The revenue chart, drawn on the server as SVG: one bar per day for revenue (left axis, dollars) and a line for
/// purchases (right axis). The geometry (view box, slots, axis labels) is the shared <see cref="DayChartGeometry"/>.
/// </summary>
public sealed class SalesChartModel(OrganizationAnalyticsDto analytics) : DayChartGeometry(analytics.Series.Count)
{
    public OrganizationAnalyticsDto Analytics { get; } = analytics;
    public IReadOnlyList<SalesDayDto> Days => Analytics.Series;

    /// <summary>The revenue axis' top: the best day rounded up to a round number of dollars (at least $1).</summary>
    public long RevenueMax => NiceCeiling(Math.Max(100, Days.Count == 0 ? 0 : Days.Max(d => d.RevenueCents)), 100);
    public int PurchasesMax => (int)NiceCeiling(Math.Max(1, Days.Count == 0 ? 0 : Days.Max(d => d.Purchases)), 1);

    public double BarHeight(SalesDayDto day) => Math.Max(0, day.RevenueCents) / (double)RevenueMax * PlotHeight;
    public double PurchasesY(SalesDayDto day) => Top + PlotHeight - day.Purchases / (double)PurchasesMax * PlotHeight;

    public string PurchasesLine => string.Join(' ', Days.Select((d, i) => $"{N(Center(i))},{N(PurchasesY(d))}"));

    /// <summary>The purchases axis' label at <paramref name="fraction"/> of its height, when that is a whole number.</summary>
    public string PurchasesLabel(double fraction)
    {
        var value = PurchasesMax * fraction;
        return value % 1 == 0 ? value.ToString("0", Invariant) : "";
    }

    /// <summary>The chart in words, for its <c>&lt;desc&gt;</c>.</summary>
    public string Description()
    {
        var from = Analytics.From.ToString("d MMMM yyyy", Invariant);
        var to = Analytics.To.ToString("d MMMM yyyy", Invariant);
        var totals = Analytics.Totals;
        if (totals.Purchases == 0) return $"No sales from {from} to {to}.";
        var best = Days.OrderByDescending(d => d.RevenueCents).ThenBy(d => d.Date).First();
        return $"From {from} to {to}: {Infrastructure.Display.Price(totals.RevenueCents)} of revenue from "
            + $"{totals.Purchases} {(totals.Purchases == 1 ? "purchase" : "purchases")}. The best day was {best.Date.ToString("d MMMM", Invariant)} "
            + $"with {Infrastructure.Display.Price(best.RevenueCents)} from {best.Purchases}.";
    }
}
