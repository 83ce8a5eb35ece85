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
/// from the contract, ADR 021) the owners and admins of the purchase's organization.
/// <para>
/// The attempt is written before the provider is asked: its <c>Idempotency-Key</c> is claimed (table
/// <c>idempotency_keys</c>, unique per caller, purchase and key hash), so a repeated key answers the first refund
/// (waiting for it while it runs) and never reaches the provider twice. Without a key every request is its own refund,
/// under a fresh provider key. Once the provider is asked, the caller going away changes nothing: the call, the audit
/// entry and the kept answer run to the end (<see cref="CancellationToken.None"/>), so no refund is left without its
/// audit entry.
/// </para>
/// </summary>
public static class RefundPurchase
{
    private const int MaxKeyLength = 255;

    public static async Task<IResult> HandleAsync(string id, HttpRequest http, RefundRequest body, CodexDbContext db, AdminAccess access,
        PaymentRefunds refunds, TimeProvider clock, CancellationToken ct)
    {
        var purchaseId = OrganizationManagers.ParseId(id);
        var (_, user) = await RequireAsync(db, access, purchaseId, ct);
        new RefundRequestValidator().ValidateAndThrow(body);
        var key = http.Headers[Idempotency.Header].ToString();
        if (key.Length > MaxKeyLength) throw ApiException.Validation(Idempotency.Header, $"Must be at most {MaxKeyLength} characters.");
        // Without a key, a key of our own: every request is its own refund, and its attempt is written first all the same.
        var keyHash = Hash(key.Length == 0 ? Guid.NewGuid().ToString("N") : key);
        var operation = Operation(purchaseId);
        var requestHash = Hash($"{body.Reason!.Trim()}\n{body.AmountCents}");

        if (await IdempotencyKeys.ClaimAsync(db, user.Id, operation, keyHash, requestHash, clock, ct) is { } replay) return replay;
        try
        {
            var answer = await RefundAsync(db, refunds, clock, user, purchaseId, body, ProviderKey(purchaseId, keyHash, requestHash), ct);
            await IdempotencyKeys.CompleteAsync(db, user.Id, operation, keyHash, StatusCodes.Status200OK, answer);
            return Results.Json(answer, ContractJson.Options);
        }
        catch
        {
            // Not a refund (refused, or the provider could not be reached: nothing was refunded), so the key is freed: the
            // form may be corrected and sent again with it, and a retry goes under the same provider key, made once.
            await IdempotencyKeys.ReleaseAsync(db, user.Id, operation, keyHash);
            throw;
        }
    }

    /// <summary>The provider's idempotency key: one per purchase, key and request, so a retry is made once by the provider too.</summary>
    private static string ProviderKey(Guid purchaseId, string keyHash, string requestHash) =>
        "codex-refund-" + Hash($"{purchaseId:N}:{keyHash}:{requestHash}")[..48];

    /// <summary>The idempotency operation of refunds of one purchase (a key is the caller's, per purchase).</summary>
    public static string Operation(Guid purchaseId) => $"purchase.refund:{purchaseId:N}";

    private static async Task<DataEnvelope<OrganizationPurchaseDto>> RefundAsync(CodexDbContext db, PaymentRefunds refunds, TimeProvider clock,
        SessionUser user, Guid purchaseId, RefundRequest body, string providerKey, CancellationToken ct)
    {
        // Read again now that the attempt is ours: a refund under another key may have finished meanwhile.
        var purchase = await db.Purchases.AsNoTracking().FirstAsync(p => p.Id == purchaseId, ct);
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
        await refunds.RefundAsync(new ProviderRefundRequest(purchaseId, amount, reason, providerKey), CancellationToken.None);

        AuditTrail.Add(db, user.Id, AuditTrail.PurchaseRefund, AuditTrail.PurchaseTarget, purchaseId, purchase.OrganizationId, reason,
            new { amountCents = amount, refundedBeforeCents = purchase.RefundedCents, priceCents = purchase.PriceCents },
            clock.StoredNow());
        await db.SaveChangesAsync(CancellationToken.None);
        var dto = await SalesRows.FindAsync(db, purchaseId, CancellationToken.None) ?? throw ApiException.NotFound("The purchase");
        return new DataEnvelope<OrganizationPurchaseDto>(dto);
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

    private static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
