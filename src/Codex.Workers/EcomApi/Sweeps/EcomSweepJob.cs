using Codex.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Codex.Workers.EcomApi.Sweeps;

/// <summary>What one sweep of the Ecom worker's tables changed.</summary>
public sealed record EcomSweepResult(int IdempotencyKeys, int CheckoutSessionsExpired, int WebhookPayloadsCleared);

/// <summary>
/// Hourly: deletes expired idempotency keys (a repeated key after that is a new request, as the contract allows),
/// marks open checkout sessions an hour past their expiry as expired (a payment made at the last moment still arrives
/// by webhook and is fulfilled whatever the session's status), and empties the payloads of webhook events processed
/// more than <see cref="KeepPayloadsFor"/> ago. The event rows stay: their ids keep replays no-ops, and a late refund
/// still finds its payment by <c>PaymentIntentId</c>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class EcomSweepJob(CodexDbContext db, TimeProvider clock, ILogger<EcomSweepJob> logger) : IJob
{
    public static readonly TimeSpan KeepPayloadsFor = TimeSpan.FromDays(30);
    public static readonly TimeSpan ExpiryGrace = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var result = await SweepAsync(ct);
        if (result != new EcomSweepResult(0, 0, 0)) logger.LogInformation("Ecom sweep: {Result}", result);
    }

    public async Task<EcomSweepResult> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var keys = await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var expiredBefore = now - ExpiryGrace;
        var sessions = await db.CheckoutSessions.Where(s => s.Status == CheckoutStatus.Open && s.ExpiresAt <= expiredBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, CheckoutStatus.Expired), ct);
        var before = now - KeepPayloadsFor;
        var payloads = await db.WebhookEvents.Where(e => e.ProcessedAt != null && e.ReceivedAt <= before && e.Payload != "")
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Payload, ""), ct);
        return new EcomSweepResult(keys, sessions, payloads);
    }
}
