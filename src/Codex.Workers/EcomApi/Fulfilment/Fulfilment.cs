using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.EcomApi.Providers;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Codex.Workers.EcomApi.Fulfilment;

/// <summary>What fulfilling a session did.</summary>
public enum FulfilmentOutcome { UnknownSession, Fulfilled, AlreadyFulfilled, DuplicateRefunded }

/// <summary>
/// Turns a paid checkout session into a purchase, exactly once, and applies what happens to a payment afterwards
/// (refunds, disputes). Called by the webhook and by <c>/checkout/verify</c>, in any order and any number of times,
/// also at once: the purchase is inserted and the UNIQUE index on <c>purchases.checkout_session_id</c> decides who
/// wins; the loser's transaction is rolled back and it changes nothing. A second payment for an item the buyer already
/// owns fails on the index of one completed purchase per buyer and item, and is refunded through the provider.
/// </summary>
public sealed class PurchaseFulfilment(CodexDbContext db, TimeProvider clock, MailOutbox mail, SiteCache site, LiveEvents live,
    ICheckoutProvider provider, ILogger<PurchaseFulfilment> logger)
{
    public const string RefundEventType = EventTypes.ChargeRefunded;
    public const string DisputeCreatedEventType = EventTypes.ChargeDisputeCreated;
    public const string DisputeClosedEventType = EventTypes.ChargeDisputeClosed;
    /// <summary><see cref="Purchase.RefundReason"/> of a payment for something the buyer already owned.</summary>
    public const string DuplicateReason = "duplicate";

    /// <summary>The events about a payment after it was taken; each may arrive before the checkout's own event.</summary>
    public static readonly string[] PaymentEventTypes = [RefundEventType, DisputeCreatedEventType, DisputeClosedEventType];

    private enum Insert { Inserted, AlreadyFulfilled, Duplicate }

    public async Task<FulfilmentOutcome> FulfilAsync(string sessionId, string? paymentIntentId, CancellationToken ct)
    {
        var session = await db.CheckoutSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return FulfilmentOutcome.UnknownSession;
        var content = await db.Content.AsNoTracking().Where(c => c.Id == session.ContentId)
            .Select(c => new { c.OrganizationId, c.Title, c.Slug, OrganizationSlug = c.Organization!.Slug })
            .FirstAsync(ct);
        paymentIntentId ??= session.PaymentIntentId;
        var now = clock.GetUtcNow();

        var inserted = await InsertPurchaseAsync(session, content.OrganizationId, paymentIntentId, PurchaseStatus.Completed, now, ct);
        if (inserted == Insert.AlreadyFulfilled) return FulfilmentOutcome.AlreadyFulfilled;
        if (inserted == Insert.Duplicate)
        {
            await RefundDuplicateAsync(session, content.OrganizationId, paymentIntentId, now, ct);
            await site.InvalidatePurchasesAsync([session.UserId], ct); // their purchase history shows the refunded payment
            await live.LibraryChangedAsync([session.UserId], ct);
            return FulfilmentOutcome.DuplicateRefunded;
        }

        // Refunds and disputes that arrived before this checkout were logged with their payment: apply them now, in the
        // order they came. Their handler logs each event before it looks for purchases, and this runs after the purchase
        // is committed, so whichever of the two comes second sees the other.
        if (paymentIntentId is not null) await ApplyLoggedPaymentEventsAsync(paymentIntentId, ct);
        var kept = await db.Purchases.AsNoTracking().AnyAsync(p => p.CheckoutSessionId == session.Id && p.Status == PurchaseStatus.Completed, ct);

        logger.LogInformation("Purchase recorded for checkout session {SessionId}", sessionId);
        if (kept) await SendReceiptAsync(session, content.Title, SiteRoutes.ContentPath(content.OrganizationSlug, content.Slug), ct);
        // The catalogue's counts, and what the site holds about the buyer (their library, access, purchases).
        await site.InvalidatePurchasesAsync([session.UserId], ct);
        // Then the buyer's open pages: the checkout's success page flips, an open library refreshes (ADR 036).
        if (kept) await live.ToUserAsync(session.UserId, LiveEventTypes.PurchaseCompleted, new ContentEvent(session.ContentId), ct);
        await live.LibraryChangedAsync([session.UserId], ct);
        return FulfilmentOutcome.Fulfilled;
    }

    /// <summary>
    /// A refund or dispute event (<see cref="PaymentEventTypes"/>) applied to the purchases of its payment: a partial
    /// refund is recorded and keeps access, a full one ends it; a dispute suspends access until it is won (lost: the
    /// money went back, as after a full refund). The number of purchases it changed.
    /// </summary>
    public async Task<int> ApplyPaymentEventAsync(string type, IHasObject? payment, CancellationToken ct)
    {
        var changed = await ApplyAsync(type, payment, ct);
        if (changed > 0 && payment switch { Charge c => c.PaymentIntentId, Dispute d => d.PaymentIntentId, _ => null } is { } intent)
        {
            // The buyers' access and library changed (or their purchase history, for a partial refund): the site drops both.
            var buyers = await db.Purchases.AsNoTracking().Where(p => p.PaymentIntentId == intent).Select(p => p.UserId).Distinct().ToListAsync(ct);
            await site.InvalidatePurchasesAsync(buyers, ct);
            await live.LibraryChangedAsync(buyers, ct);
        }
        return changed;
    }

    private async Task<int> ApplyAsync(string type, IHasObject? payment, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        switch (type, payment)
        {
            case (RefundEventType, Charge { PaymentIntentId: { } intent } charge):
            {
                var refunded = (int)Math.Min(int.MaxValue, charge.AmountRefunded);
                var whole = charge.Refunded || (charge.Amount > 0 && charge.AmountRefunded >= charge.Amount);
                if (!whole)
                    return await db.Purchases.Where(p => p.PaymentIntentId == intent && p.RefundedCents < refunded)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundedCents, refunded), ct);
                var ended = await db.Purchases.Where(p => p.PaymentIntentId == intent && p.Status != PurchaseStatus.Refunded)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PurchaseStatus.Refunded).SetProperty(p => p.RefundedAt, now)
                        .SetProperty(p => p.RefundedCents, p => refunded > 0 ? refunded : p.PriceCents), ct);
                await db.Purchases.Where(p => p.PaymentIntentId == intent && p.RefundedCents < refunded)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundedCents, refunded), ct);
                return ended;
            }
            case (DisputeCreatedEventType, Dispute { PaymentIntentId: { } intent }):
                return await db.Purchases.Where(p => p.PaymentIntentId == intent && p.Status == PurchaseStatus.Completed)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PurchaseStatus.Disputed), ct);
            case (DisputeClosedEventType, Dispute { PaymentIntentId: { } intent, Status: "lost" }):
                return await db.Purchases.Where(p => p.PaymentIntentId == intent && p.Status == PurchaseStatus.Disputed)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PurchaseStatus.Refunded).SetProperty(p => p.RefundedAt, now)
                        .SetProperty(p => p.RefundedCents, p => p.PriceCents), ct);
            case (DisputeClosedEventType, Dispute { PaymentIntentId: { } intent }): // won, or an inquiry closed without a charge-back
                try
                {
                    return await db.Purchases.Where(p => p.PaymentIntentId == intent && p.Status == PurchaseStatus.Disputed)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PurchaseStatus.Completed), ct);
                }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                {
                    // The buyer bought the item again while the dispute ran: that purchase gives access; this one stays as it is.
                    logger.LogWarning("Dispute of payment {PaymentIntentId} won, but its buyer owns the item through a later purchase", intent);
                    return 0;
                }
            default:
                return 0;
        }
    }

    private async Task ApplyLoggedPaymentEventsAsync(string paymentIntentId, CancellationToken ct)
    {
        var payloads = await db.WebhookEvents.AsNoTracking()
            .Where(e => e.PaymentIntentId == paymentIntentId && PaymentEventTypes.Contains(e.Type))
            .OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id)
            .Select(e => e.Payload).ToListAsync(ct);
        foreach (var payload in payloads)
        {
            var logged = EventUtility.ParseEvent(payload, throwOnApiVersionMismatch: false);
            await ApplyAsync(logged.Type, logged.Data?.Object, ct); // the fulfilment tells the site once, after all of them
        }
    }

    /// <summary>
    /// A payment for an item its buyer already owns: given back through the provider (the key makes a retried webhook
    /// refund once), then recorded as a refunded purchase of its session, so the books show both.
    /// </summary>
    private async Task RefundDuplicateAsync(CheckoutSession session, Guid organizationId, string? paymentIntentId, DateTimeOffset now,
        CancellationToken ct)
    {
        if (paymentIntentId is not null)
            await provider.RefundAsync(new ProviderRefund(paymentIntentId, session.AmountCents, 0, null, DuplicateReason,
                "codex-duplicate-" + session.Id), ct);
        var recorded = await InsertPurchaseAsync(session, organizationId, paymentIntentId, PurchaseStatus.Refunded, now, ct);
        logger.LogWarning("Checkout session {SessionId} paid for an item its buyer already owned: refunded ({Outcome})", session.Id, recorded);
    }

    private async Task<Insert> InsertPurchaseAsync(CheckoutSession session, Guid organizationId, string? paymentIntentId,
        PurchaseStatus status, DateTimeOffset now, CancellationToken ct)
    {
        // The INSERT is the transaction's first statement, so on SQLite it takes the write lock at once (no read lock
        // to upgrade, no SQLITE_BUSY from a snapshot), and on PostgreSQL a concurrent duplicate waits for this commit
        // and then fails on a unique index. The execution strategy runs the whole transaction again when a
        // transient failure (a connection closed by a server restart) interrupts it.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var refunded = status == PurchaseStatus.Refunded;
            db.Purchases.Add(new Purchase
            {
                Id = Guid.NewGuid(), UserId = session.UserId, ContentId = session.ContentId, OrganizationId = organizationId,
                PriceCents = session.AmountCents, Currency = session.Currency, Status = status,
                CheckoutSessionId = session.Id, PaymentIntentId = paymentIntentId, PurchasedAt = now, CreatedAt = now,
                RefundedAt = refunded ? now : null, RefundedCents = refunded ? session.AmountCents : 0,
                RefundReason = refunded ? DuplicateReason : null,
            });
            try
            {
                await db.SaveChangesAsync(token);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                await transaction.RollbackAsync(token);
                db.ChangeTracker.Clear();
                // This session's purchase exists (a replay, a concurrent duplicate, verify), or the buyer already owns
                // the item through another session.
                return await db.Purchases.AnyAsync(p => p.CheckoutSessionId == session.Id, token) ? Insert.AlreadyFulfilled : Insert.Duplicate;
            }
            await db.CheckoutSessions.Where(s => s.Id == session.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, CheckoutStatus.Complete)
                    .SetProperty(x => x.PaymentIntentId, paymentIntentId), token);
            if (!refunded)
                await db.Content.Where(c => c.Id == session.ContentId)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.PurchaseCount, c => c.PurchaseCount + 1), token);
            await transaction.CommitAsync(token);
            db.ChangeTracker.Clear();
            return Insert.Inserted;
        }, ct);
    }

    private async Task SendReceiptAsync(CheckoutSession session, string title, string path, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId).Select(u => new { u.Email, u.Name }).FirstAsync(ct);
        await mail.EnqueueAsync(EmailTemplateNames.PurchaseReceipt, new SendEmailRequest(user.Email, user.Name, "")
        {
            Title = title, Path = path, AmountCents = session.AmountCents, Currency = session.Currency,
        }, ct);
    }
}
