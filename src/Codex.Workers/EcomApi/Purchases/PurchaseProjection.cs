using System.Linq.Expressions;
using Codex.Contracts.Ecom;
using Codex.Data;

namespace Codex.Workers.EcomApi.Purchases;

/// <summary>A purchase as the buyer sees it, joined to its content and organization.</summary>
public static class PurchaseProjection
{
    public static readonly Expression<Func<Purchase, PurchaseDto>> ToDto = p => new PurchaseDto(
        p.Id, p.ContentId, p.Content!.Title, p.Content.Slug, p.Content.Organization!.Slug,
        p.PriceCents, p.Currency, p.Status, p.PurchasedAt, p.RefundedAt, p.RefundedCents);
}
