using System.Linq.Expressions;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Purchases;

/// <summary>
/// <c>GET /api/admin/purchases?status=&amp;userId=&amp;contentId=&amp;search=&amp;page=&amp;limit=</c> (platform admin): every
/// purchase and grant of the platform, newest first, with buyer, item and organization (deleted organizations too: their
/// buyers may still be refunded, ADR 021). <c>search</c> (an addition) looks in the buyer's name and email and the
/// item's title. Checkouts that never completed (<c>pending</c>) are listed only when asked for by status.
/// </summary>
public static class ListPurchases
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, AdminAccess access, CancellationToken ct)
    {
        await access.RequirePlatformAdminAsync(ct);
        var query = AdminPurchaseQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var purchases = db.Purchases.AsNoTracking();
        purchases = query.Status is { } status ? purchases.Where(p => p.Status == status) : purchases.Where(p => p.Status != PurchaseStatus.Pending);
        if (query.UserId is { } userId) purchases = purchases.Where(p => p.UserId == userId);
        if (query.ContentId is { } contentId) purchases = purchases.Where(p => p.ContentId == contentId);
        var rows = purchases.Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new Row { Purchase = p, User = u });
        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            rows = rows.Where(r => r.User.Name.ToLower().Contains(term) || r.User.Email.ToLower().Contains(term)
                || r.Purchase.Content!.Title.ToLower().Contains(term));
        }
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(r => r.Purchase.PurchasedAt ?? r.Purchase.CreatedAt).ThenByDescending(r => r.Purchase.Id)
            .Skip((query.Page - 1) * query.Limit).Take(query.Limit)
            .Select(ToDto).ToListAsync(ct);
        return Results.Json(new PagedList<AdminPurchaseDto>(page, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }

    /// <summary>A purchase with its buyer (purchases carry no navigation to users).</summary>
    public sealed class Row
    {
        public required Purchase Purchase { get; init; }
        public required User User { get; init; }
    }

    private static readonly Expression<Func<Row, AdminPurchaseDto>> ToDto = r => new AdminPurchaseDto(
        r.Purchase.Id, r.User.Id, r.User.Name, r.User.Email, r.Purchase.ContentId, r.Purchase.Content!.Title, r.Purchase.Content.Slug,
        r.Purchase.OrganizationId, r.Purchase.Content.Organization!.Name, r.Purchase.Content.Organization.Slug, r.Purchase.PriceCents,
        r.Purchase.RefundedCents, r.Purchase.Currency, r.Purchase.Status, r.Purchase.PurchasedAt, r.Purchase.RefundedAt,
        r.Purchase.GrantedById != null);
}
