using Codex.Web.Infrastructure;
using Codex.Contracts.Admin;
using Codex.Web.Features.Studio.Sales;

namespace Codex.Web.Features.Admin.Purchases;

/// <summary>The admin purchases page's URLs.</summary>
public static class AdminPurchasesPaths
{
    public static string Refund(Guid id) => SiteRoutes.AdminPurchases + "/" + id.ToString("D") + "/refund";
}

/// <summary>/admin/purchases: the filters as typed, their errors, and the purchases (or why there are none).</summary>
public sealed record AdminPurchasesViewModel(AdminPurchasesListForm Form)
{
    public const int PageSize = 20;

    public PagedList<AdminPurchaseDto>? Results { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    public bool Unavailable { get; init; }

    public string CurrentUrl => Form.UrlFor(PagerModel.PageOf(Form.Page));
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static IReadOnlyList<(string Value, string Label)> Statuses { get; } =
        [("", "All"), ("completed", "Paid"), ("refunded", "Refunded"), ("disputed", "Disputed"), ("pending", "Not completed")];

    /// <summary>How a purchase's state reads in the table.</summary>
    public static string StatusOf(AdminPurchaseDto p) => p switch
    {
        { Granted: true } => "Complimentary",
        { Status: PurchaseStatus.Refunded } => "Refunded",
        { Status: PurchaseStatus.Disputed } => "Disputed",
        { Status: PurchaseStatus.Pending } => "Not completed",
        { RefundedCents: > 0 } => "Partly refunded",
        _ => "Paid",
    };

    /// <summary>Whether the row offers a refund: a paid purchase with money left to give back, not under dispute.</summary>
    public static bool CanRefund(AdminPurchaseDto p) =>
        !p.Granted && p.PriceCents > 0 && p.Status == PurchaseStatus.Completed && p.RefundedCents < p.PriceCents;
}

/// <summary>The refund confirmation: the purchase, the form as typed (the studio's refund form and its rules).</summary>
public sealed record AdminRefundViewModel(OrganizationPurchaseDto Purchase, RefundForm Form)
{
    public int RemainingCents => Purchase.PriceCents - Purchase.RefundedCents;
}
