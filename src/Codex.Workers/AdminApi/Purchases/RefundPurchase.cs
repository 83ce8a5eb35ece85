using System.Security.Cryptography;
using System.Text;
using Codex.Contracts.Admin;
using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Workers.AdminApi.Audit;
using Codex.Workers.AdminApi.Organizations;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Purchases;

/// <summary>
/// <c>POST /api/admin/purchases/:id/refund</c> <c>{reason, amountCents?}</c>: gives a payment back, whole (no amount) or
/// in part, through the payment provider; the purchase changes when the provider's <c>charge.refunded</c> reaches the
/// webhook (offline: before this answers), and access ends only on a full refund. Platform admins, and (a difference
/// from the contract, ADR 021) the owners and admins of the purchase's organization. Twice the same click is one
/// refund: a repeated <c>Idempotency-Key</c> answers the first refund again, and without one the provider's key is
/// made of the purchase, what was refunded before and the amount, so a double submit asks the provider for the same
/// refund, which it makes once.
/// </summary>
public static class RefundPurchase
{
    private const int MaxKeyLength = 255;

    public static async Task<IResult> HandleAsync(string id, HttpRequest http, RefundRequest body, CodexDbContext db, AdminAccess access,
        PaymentRefunds refunds, TimeProvider clock, CancellationToken ct)
    {
        var purchaseId = OrganizationManagers.ParseId(id);
        var (purchase, user) = await RequireAsync(db, access, purchaseId, ct);
        new RefundRequestValidator().ValidateAndThrow(body);
        var key = http.Headers[Idempotency.Header].ToString();
        if (key.Length > MaxKeyLength) throw ApiException.Validation(Idempotency.Header, $"Must be at most {MaxKeyLength} characters.");
        var keyHash = key.Length == 0 ? null : Hash(purchaseId + "\n" + key)[..32];
        if (keyHash is not null && await AlreadyDoneAsync(db, purchaseId, keyHash, ct)) return await AnswerAsync(db, purchaseId, ct);

        if (purchase.GrantedById is not null || purchase.PriceCents == 0)
            throw Conflict("This is complimentary access: no payment was taken, so there is nothing to refund.");
        if (purchase.Status == PurchaseStatus.Refunded || purchase.RefundedCents >= purchase.PriceCents)
            throw Conflict("This purchase is already refunded in full.");
        if (purchase.Status == PurchaseStatus.Disputed)
            throw Conflict("The buyer's bank is disputing this payment: the dispute decides where the money goes.");
        if (purchase.PaymentIntentId is null)
            throw Conflict("No payment is recorded for this purchase, so it cannot be refunded through the provider.");
        var remaining = purchase.PriceCents - purchase.RefundedCents;
        var amount = body.AmountCents ?? remaining;
        if (amount > remaining)
            throw ApiException.Validation("amountCents", $"At most {remaining} cents of this purchase are left to refund.");

        var reason = body.Reason!.Trim();
        var providerKey = "codex-refund-" + Hash(keyHash is not null
            ? $"{purchaseId:N}:key:{keyHash}"
            : $"{purchaseId:N}:state:{purchase.RefundedCents}:{amount}")[..48];
        await refunds.RefundAsync(new ProviderRefundRequest(purchaseId, amount, reason, providerKey), ct);

        AuditTrail.Add(db, user.Id, AuditTrail.PurchaseRefund, AuditTrail.PurchaseTarget, purchaseId, purchase.OrganizationId, reason,
            new { amountCents = amount, refundedBeforeCents = purchase.RefundedCents, priceCents = purchase.PriceCents, idempotencyKey = keyHash },
            clock.StoredNow());
        await db.SaveChangesAsync(ct);
        return await AnswerAsync(db, purchaseId, ct);
    }

    /// <summary>
    /// The purchase and the caller allowed to act on it: 401 without a session, 404 for an unknown purchase (or one of a
    /// deleted organization, to anyone but a platform admin), 403 for anyone but a platform admin or an owner or admin
    /// of its organization.
    /// </summary>
    public static async Task<(Purchase Purchase, SessionUser User)> RequireAsync(CodexDbContext db, AdminAccess access, Guid purchaseId,
        CancellationToken ct)
    {
        var user = await access.RequireUserAsync(ct);
        var purchase = await db.Purchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == purchaseId, ct)
            ?? throw ApiException.NotFound("The purchase");
        await access.RequireManagesAsync(user, purchase.OrganizationId, AfterDeletion.PlatformAdmins, () => ApiException.NotFound("The purchase"), ct);
        return (purchase, user);
    }

    private static Task<bool> AlreadyDoneAsync(CodexDbContext db, Guid purchaseId, string keyHash, CancellationToken ct)
    {
        var target = purchaseId.ToString("D");
        return db.AuditLog.AsNoTracking().AnyAsync(a => a.Action == AuditTrail.PurchaseRefund && a.TargetId == target
            && a.Details != null && a.Details.Contains(keyHash), ct);
    }

    private static async Task<IResult> AnswerAsync(CodexDbContext db, Guid purchaseId, CancellationToken ct)
    {
        var dto = await SalesRows.FindAsync(db, purchaseId, ct) ?? throw ApiException.NotFound("The purchase");
        return Results.Json(new DataEnvelope<OrganizationPurchaseDto>(dto), ContractJson.Options);
    }

    private static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
