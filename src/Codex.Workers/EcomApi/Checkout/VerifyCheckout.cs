using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Workers.EcomApi.Fulfilment;
using Codex.Workers.EcomApi.Providers;
using Codex.Workers.EcomApi.Purchases;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.EcomApi.Checkout;

/// <summary>
/// <c>GET /checkout/verify?session_id=</c>: the caller's own session and, once paid, its purchase. A buyer back before
/// the webhook still sees the purchase: an open session the provider reports paid is fulfilled here, by the same function.
/// </summary>
public static class VerifyCheckout
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CurrentUser currentUser, CodexDbContext db,
        ICheckoutProvider provider, PurchaseFulfilment fulfilment, TimeProvider clock, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        var sessionId = request.Query["session_id"].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(sessionId)) throw ApiException.Validation("session_id", "Name the checkout session.");
        if (sessionId.Length > 255) throw ApiException.Validation("session_id", "Must be at most 255 characters.");

        // Someone else's session is as unknown as a made-up one: no hint that it exists.
        var session = await db.CheckoutSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == user.Id, ct)
            ?? throw ApiException.NotFound("The checkout session");

        if (session.Status == CheckoutStatus.Open)
        {
            var status = await provider.GetSessionStatusAsync(session.Id, ct);
            if (status.Paid) await fulfilment.FulfilAsync(session.Id, status.PaymentIntentId, ct);
            else if (status.Expired || session.ExpiresAt <= clock.GetUtcNow())
                await db.CheckoutSessions.Where(s => s.Id == session.Id && s.Status == CheckoutStatus.Open)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, CheckoutStatus.Expired), ct);
        }

        var current = await db.CheckoutSessions.AsNoTracking().Where(s => s.Id == session.Id).Select(s => s.Status).FirstAsync(ct);
        var purchase = await db.Purchases.AsNoTracking().Where(p => p.CheckoutSessionId == session.Id)
            .Select(PurchaseProjection.ToDto).FirstOrDefaultAsync(ct);
        return Results.Json(new DataEnvelope<CheckoutVerifyDto>(new CheckoutVerifyDto(current, purchase)), ContractJson.Options);
    }
}
