using System.Linq.Expressions;
using Codex.Contracts.Admin;
using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>An organization's purchases and grants as its back office lists them, with the buyer and the item.</summary>
public static class SalesRows
{
    /// <summary>What a refund for a paid-twice item is called (the Ecom-API's own refund of a duplicate payment).</summary>
    public const string DuplicateReason = "duplicate";

    /// <summary>A purchase with its buyer (purchases carry no navigation to users).</summary>
    public sealed class Row
    {
        public required Purchase Purchase { get; init; }
        public required User User { get; init; }
    }

    /// <summary>Every purchase and grant of the organization that got as far as a payment (no pending ones).</summary>
    public static IQueryable<Row> Of(CodexDbContext db, Guid organizationId) =>
        db.Purchases.AsNoTracking()
            .Where(p => p.OrganizationId == organizationId && p.Status != PurchaseStatus.Pending)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new Row { Purchase = p, User = u });

    /// <summary>Rows whose buyer's name or email, or item's title, contains <paramref name="search"/> (any case).</summary>
    public static IQueryable<Row> Matching(this IQueryable<Row> rows, string? search)
    {
        if (search is null) return rows;
        var term = search.ToLowerInvariant();
        return rows.Where(r => r.User.Name.ToLower().Contains(term) || r.User.Email.ToLower().Contains(term)
            || r.Purchase.Content!.Title.ToLower().Contains(term));
    }

    /// <summary>Newest first; the id breaks ties so that pages never overlap.</summary>
    public static IOrderedQueryable<Row> Newest(this IQueryable<Row> rows) =>
        rows.OrderByDescending(r => r.Purchase.PurchasedAt).ThenByDescending(r => r.Purchase.Id);

    public static readonly Expression<Func<Row, OrganizationPurchaseDto>> ToDto = r => new OrganizationPurchaseDto(
        r.Purchase.Id, r.Purchase.OrganizationId, r.User.Id, r.User.Name, r.User.Email, r.Purchase.ContentId, r.Purchase.Content!.Title, r.Purchase.Content.Slug,
        r.Purchase.PriceCents, r.Purchase.RefundedCents, r.Purchase.Currency, r.Purchase.Status, r.Purchase.PurchasedAt,
        r.Purchase.RefundedAt, r.Purchase.GrantedById != null);

    /// <summary>One purchase or grant by id, as its organization sees it; null when there is none.</summary>
    public static Task<OrganizationPurchaseDto?> FindAsync(CodexDbContext db, Guid purchaseId, CancellationToken ct) =>
        db.Purchases.AsNoTracking().Where(p => p.Id == purchaseId)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new Row { Purchase = p, User = u })
            .Select(ToDto).FirstOrDefaultAsync(ct);
}
