using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.EcomApi.Fulfilment;

/// <summary>What fulfilling a session did.</summary>
public enum FulfilmentOutcome { UnknownSession, Fulfilled, AlreadyFulfilled }

/// <summary>
/// Turns a paid checkout session into a purchase, exactly once. Called by the webhook and by <c>/checkout/verify</c>,
/// in any order and any number of times, also at once: the purchase is inserted and the UNIQUE index on
/// <c>purchases.checkout_session_id</c> decides who wins; the loser's transaction is rolled back and it changes nothing.
/// </summary>
public sealed class PurchaseFulfilment(CodexDbContext db, TimeProvider clock, MailOutbox mail, SiteCache site,
    ILogger<PurchaseFulfilment> logger)
{
    public const string RefundEventType = "charge.refunded";

    public async Task<FulfilmentOutcome> FulfilAsync(string sessionId, string? paymentIntentId, CancellationToken ct)
    {
        var session = await db.CheckoutSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return FulfilmentOutcome.UnknownSession;
        var content = await db.Content.AsNoTracking().Where(c => c.Id == session.ContentId)
            .Select(c => new { c.OrganizationId, c.Title, c.Slug, OrganizationSlug = c.Organization!.Slug })
            .FirstAsync(ct);
        paymentIntentId ??= session.PaymentIntentId;
        var now = clock.GetUtcNow();

        var inserted = await InsertPurchaseAsync(session, content.OrganizationId, paymentIntentId, now, ct);

        // A refund that arrived before this checkout was logged with its payment: apply it now. The refund handler
        // logs its event before it looks for purchases, and this runs after the purchase is committed, so whichever
        // of the two comes second sees the other.
        var refunded = paymentIntentId is not null
            && await db.WebhookEvents.AnyAsync(e => e.Type == RefundEventType && e.PaymentIntentId == paymentIntentId, ct);
        if (refunded) await RevokeAsync(paymentIntentId!, ct);

        if (inserted)
        {
            logger.LogInformation("Purchase recorded for checkout session {SessionId}", sessionId);
            if (!refunded) await SendReceiptAsync(session, content.Title, SiteRoutes.ContentPath(content.OrganizationSlug, content.Slug), ct);
            await site.InvalidateAsync([CacheTags.Content], ct);
        }
        return inserted ? FulfilmentOutcome.Fulfilled : FulfilmentOutcome.AlreadyFulfilled;
    }

    /// <summary>Marks every completed purchase of a payment refunded; the number it changed.</summary>
    public async Task<int> RevokeAsync(string paymentIntentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Purchases
            .Where(p => p.PaymentIntentId == paymentIntentId && p.Status == PurchaseStatus.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PurchaseStatus.Refunded).SetProperty(p => p.RefundedAt, now), ct);
    }

    private async Task<bool> InsertPurchaseAsync(CheckoutSession session, Guid organizationId, string? paymentIntentId,
        DateTimeOffset now, CancellationToken ct)
    {
        // The INSERT is the transaction's first statement, so on SQLite it takes the write lock at once (no read lock
        // to upgrade, no SQLITE_BUSY from a snapshot), and on PostgreSQL a concurrent duplicate waits for this commit
        // and then fails on the unique index. The execution strategy runs the whole transaction again when a
        // transient failure (a connection closed by a server restart) interrupts it.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.Purchases.Add(new Purchase
            {
                Id = Guid.NewGuid(), UserId = session.UserId, ContentId = session.ContentId, OrganizationId = organizationId,
                PriceCents = session.AmountCents, Currency = session.Currency, Status = PurchaseStatus.Completed,
                CheckoutSessionId = session.Id, PaymentIntentId = paymentIntentId, PurchasedAt = now, CreatedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(token);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                await transaction.RollbackAsync(token);
                db.ChangeTracker.Clear();
                return false; // fulfilled already, by a replay, a concurrent duplicate or verify
            }
            await db.CheckoutSessions.Where(s => s.Id == session.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, CheckoutStatus.Complete)
                    .SetProperty(x => x.PaymentIntentId, paymentIntentId), token);
            await db.Content.Where(c => c.Id == session.ContentId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.PurchaseCount, c => c.PurchaseCount + 1), token);
            await transaction.CommitAsync(token);
            db.ChangeTracker.Clear();
            return true;
        }, ct);
    }

    private async Task SendReceiptAsync(CheckoutSession session, string title, string path, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId).Select(u => new { u.Email, u.Name }).FirstAsync(ct);
        await mail.EnqueueAsync(EmailTemplateNames.Receipt, new SendEmailRequest(user.Email, user.Name, "")
        {
            Title = title, Path = path, AmountCents = session.AmountCents, Currency = session.Currency,
        }, ct);
    }
}
