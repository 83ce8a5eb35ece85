using System.Globalization;
using Codex.Contracts.Admin;

namespace Codex.Web.Features.Admin.Purchases;

/// <summary>
/// The filters of /admin/purchases as typed: <c>q</c> (buyer's name or email, item's title), <c>status</c>, <c>user</c>
/// and <c>content</c> (ids, from a row's links), <c>page</c>. Read by the Contracts' own query rules
/// (<see cref="AdminPurchaseQuery"/>), so the page refuses what the Admin-API would.
/// </summary>
public sealed class AdminPurchasesListForm
{
    public string? Q { get; set; }
    public string? Status { get; set; }
    public string? User { get; set; }
    public string? Content { get; set; }
    public string? Page { get; set; }

    public bool IsFiltered => new[] { Q, Status, User, Content }.Any(v => !string.IsNullOrWhiteSpace(v));

    public AdminPurchaseQuery ToQuery(int limit, out IReadOnlyDictionary<string, string[]>? errors)
    {
        var query = AdminPurchaseQuery.Read(name => name switch
        {
            "search" => Q,
            "status" => Status,
            "userId" => User,
            "contentId" => Content,
            "page" => Page,
            _ => null,
        }, out var fieldErrors);
        errors = fieldErrors?.ToDictionary(e => e.Key switch { "search" => "q", "userId" => "user", "contentId" => "content", _ => e.Key }, e => e.Value);
        return query with { Limit = limit };
    }

    public string UrlFor(int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Q)) parts.Add("q=" + Uri.EscapeDataString(Q.Trim()));
        if (!string.IsNullOrWhiteSpace(Status)) parts.Add("status=" + Uri.EscapeDataString(Status.Trim()));
        if (!string.IsNullOrWhiteSpace(User)) parts.Add("user=" + Uri.EscapeDataString(User.Trim()));
        if (!string.IsNullOrWhiteSpace(Content)) parts.Add("content=" + Uri.EscapeDataString(Content.Trim()));
        if (page != 1) parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? SiteRoutes.AdminPurchases : SiteRoutes.AdminPurchases + "?" + string.Join('&', parts);
    }
}
