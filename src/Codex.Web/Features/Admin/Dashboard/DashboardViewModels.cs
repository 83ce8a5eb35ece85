using System.Globalization;
using Codex.Contracts.Admin;
using Codex.Web.Infrastructure;

namespace Codex.Web.Features.Admin.Dashboard;

/// <summary>The dashboard's period as typed (<c>yyyy-MM-dd</c>, UTC days; both optional).</summary>
public sealed class DashboardForm
{
    public string? From { get; set; }
    public string? To { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To);
}

/// <summary>/admin: the period form as typed, its errors, and the platform's figures (or why they are missing).</summary>
public sealed record DashboardViewModel(DashboardForm Form, IReadOnlyDictionary<string, string[]> Errors)
{
    public PlatformStatsDto? Stats { get; init; }
    public bool Unavailable { get; init; }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>This page at the period typed (what "Try again" reloads).</summary>
    public string CurrentUrl
    {
        get
        {
            var parts = new List<string>();
            if (!string.IsNullOrWhiteSpace(Form.From)) parts.Add("from=" + Uri.EscapeDataString(Form.From.Trim()));
            if (!string.IsNullOrWhiteSpace(Form.To)) parts.Add("to=" + Uri.EscapeDataString(Form.To.Trim()));
            return parts.Count == 0 ? SiteRoutes.Admin : SiteRoutes.Admin + "?" + string.Join('&', parts);
        }
    }

    /// <summary>The value a date field shows: what was typed, else the period shown.</summary>
    public string FieldValue(string? typed, DateOnly? shown) =>
        !string.IsNullOrWhiteSpace(typed) ? typed : shown?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public DayBarChartModel RevenueChart => Chart(DomIds.AdminRevenueChart, "Revenue per day", "Revenue", d => d.RevenueCents, money: true);
    public DayBarChartModel PurchasesChart => Chart(DomIds.AdminPurchasesChart, "Purchases per day", "Purchases", d => d.Purchases, money: false);
    public DayBarChartModel SignupsChart => Chart(DomIds.AdminSignupsChart, "Signups per day", "Signups", d => d.Signups, money: false);

    private DayBarChartModel Chart(string id, string title, string label, Func<PlatformDayDto, long> value, bool money) =>
        new(id, title, label, [.. (Stats?.Series ?? []).Select(d => new DayValue(d.Date, value(d)))], money);

    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
