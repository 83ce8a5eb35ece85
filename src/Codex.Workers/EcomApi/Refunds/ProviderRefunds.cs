using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.EcomApi.Providers;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.EcomApi.Refunds;

/// <summary>
/// <c>POST /internal/refunds</c> (internal key; the Admin-API's refunds): gives part or all of a purchase's payment back
/// through the provider. The purchase itself changes when the provider's <c>charge.refunded</c> reaches the webhook,
/// by the same rule as any refund (partial keeps access, full ends it); the offline provider sends that event before
/// this answers. The checks here repeat the Admin-API's so that no caller can refund what cannot be refunded.
/// </summary>
public static class ProviderRefunds
{
    /// <summary>Stripe's reason for a refund the seller chose to make.</summary>
    public const string RequestedReason = "requested_by_customer";

    public static async Task<IResult> HandleAsync(ProviderRefundRequest body, CodexDbContext db, ICheckoutProvider provider, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.IdempotencyKey) || body.IdempotencyKey.Length > 255)
            throw ApiException.Validation("idempotencyKey", "Required, at most 255 characters.");
        var purchase = await db.Purchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == body.PurchaseId, ct)
            ?? throw ApiException.NotFound("The purchase");
        if (purchase.GrantedById is not null || purchase.PriceCents == 0 || purchase.PaymentIntentId is null)
            throw Conflict("There is no payment behind this purchase to refund.");
        if (purchase.Status == PurchaseStatus.Refunded || purchase.RefundedCents >= purchase.PriceCents)
            throw Conflict("This purchase is already refunded in full.");
        if (purchase.Status == PurchaseStatus.Disputed)
            throw Conflict("This payment is disputed; it cannot be refunded while the dispute runs.");
        var remaining = purchase.PriceCents - purchase.RefundedCents;
        if (body.AmountCents <= 0 || body.AmountCents > remaining)
            throw ApiException.Validation("amountCents", $"Must be between 1 and {remaining}.");

        await provider.RefundAsync(new ProviderRefund(purchase.PaymentIntentId, purchase.PriceCents, purchase.RefundedCents, body.AmountCents,
            RequestedReason, body.IdempotencyKey, body.Reason), ct);
        return Results.NoContent();
    }

    private static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message);
}
