using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.EcomApi.Purchases;

/// <summary>
/// <c>GET /purchases/{id}</c>: one of the caller's purchases, as its receipt. Someone else's purchase is a 404, as an
/// unknown one is: the answer never tells a stranger that the id exists.
/// </summary>
public static class GetPurchase
{
    public static async Task<IResult> HandleAsync(string id, CurrentUser currentUser, CodexDbContext db, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        var purchaseId = ApiException.ParseId(id);
        var receipt = await db.Purchases.AsNoTracking()
            .Where(p => p.Id == purchaseId && p.UserId == user.Id)
            .Select(p => new PurchaseReceiptDto(
                p.Id, p.ContentId, p.Content!.Title, p.Content.Slug, p.Content.ContentType,
                p.Content.Organization!.Slug, p.Content.Organization.Name, p.PriceCents, p.Currency, p.Status,
                p.CreatedAt, p.PurchasedAt, p.RefundedAt, p.RefundedCents, p.GrantedById != null,
                p.GrantedById != null ? null : p.PaymentIntentId ?? p.CheckoutSessionId))
            .FirstOrDefaultAsync(ct)
            ?? throw ApiException.NotFound("The purchase");
        return Results.Json(new DataEnvelope<PurchaseReceiptDto>(receipt), ContractJson.Options);
    }
}
