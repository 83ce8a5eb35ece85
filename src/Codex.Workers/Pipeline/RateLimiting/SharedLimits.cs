namespace Codex.Workers.Pipeline.RateLimiting;

/// <summary>
/// One limit: its name (the counters' key prefix), <see cref="Limit"/> permits per <see cref="Window"/>, and what an
/// unreachable store means for it: <see cref="FailOpen"/> lets the request through (a limit that protects capacity),
/// otherwise it is a 503 <c>SERVICE_UNAVAILABLE</c> (a limit that protects accounts: password guessing, mail floods,
/// probing emails). ADR 041.
/// </summary>
public sealed record RateLimitRule(string Name, int Limit, TimeSpan Window, bool FailOpen);

/// <summary>Takes and gives back permits of <see cref="RateLimitRule"/>s in the app's <see cref="IRateLimitStore"/>.</summary>
public sealed class SharedLimits(IRateLimitStore store, ILogger<SharedLimits> logger, TimeProvider clock)
{
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(30);
    private long _nextWarningTicks;

    public string Kind => store.Kind;

    /// <summary>A permit of <paramref name="rule"/> for <paramref name="partition"/> (an address, an email, a user).</summary>
    public async ValueTask<RateLimitDecision> TakeAsync(RateLimitRule rule, string partition, CancellationToken ct)
    {
        try
        {
            return await store.TakeAsync(rule.Name + ":" + partition, rule.Limit, rule.Window, ct);
        }
        catch (RateLimitStoreUnavailableException e)
        {
            Warn(e, rule);
            if (rule.FailOpen) return RateLimitDecision.Grant;
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable,
                "This is unavailable for a moment. Please try again shortly.");
        }
    }

    /// <summary>Gives back a permit taken by <see cref="TakeAsync"/>; when the store is down it stays taken (the safe side).</summary>
    public async ValueTask GiveBackAsync(RateLimitRule rule, string partition)
    {
        try
        {
            await store.GiveBackAsync(rule.Name + ":" + partition, CancellationToken.None);
        }
        catch (RateLimitStoreUnavailableException e)
        {
            Warn(e, rule);
        }
    }

    /// <summary>One warning per 30 s at most: an outage must be seen, not flood the log with one line per request.</summary>
    private void Warn(RateLimitStoreUnavailableException e, RateLimitRule rule)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextWarningTicks);
        if (now < next || Interlocked.CompareExchange(ref _nextWarningTicks, now + QuietFor.Ticks, next) != next) return;
        logger.LogWarning(e, "Rate limits: the {Store} store is unavailable; limit {Limit} {Outcome} (more such failures in the next 30 s are not logged)",
            store.Kind, rule.Name, rule.FailOpen ? "lets requests through" : "answers 503");
    }
}
