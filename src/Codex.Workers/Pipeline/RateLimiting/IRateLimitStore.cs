namespace Codex.Workers.Pipeline.RateLimiting;

/// <summary>What a store answered: a permit was taken, or the window is full and ends in <see cref="RetryAfter"/>.</summary>
public readonly record struct RateLimitDecision(bool Granted, TimeSpan RetryAfter)
{
    public static RateLimitDecision Grant { get; } = new(true, TimeSpan.Zero);

    /// <summary>Whole seconds for <c>Retry-After</c> and <c>details.retryAfterSeconds</c>, at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

/// <summary>
/// Fixed-window counters shared by every replica that uses the same store (ADR 041): memory in one process, the
/// <c>rate_limit_counters</c> table on PostgreSQL, or Redis. A window starts with the first permit taken for its key
/// and lasts <c>window</c>; at most <c>limit</c> permits are granted in it, however many replicas ask at once, and a
/// refused request takes nothing.
/// </summary>
public interface IRateLimitStore
{
    /// <summary><c>memory</c>, <c>database</c> or <c>redis</c> (start-up log, tests).</summary>
    string Kind { get; }

    /// <summary>
    /// Takes one permit of <paramref name="key"/>'s current window, atomically. Throws
    /// <see cref="RateLimitStoreUnavailableException"/> when the store cannot be reached.
    /// </summary>
    ValueTask<RateLimitDecision> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct);

    /// <summary>Gives back one permit taken in <paramref name="key"/>'s current window (a reservation not needed after all).</summary>
    ValueTask GiveBackAsync(string key, CancellationToken ct);
}

/// <summary>The store behind the shared limits did not answer (Redis or the database down, or too slow).</summary>
public sealed class RateLimitStoreUnavailableException(string store, Exception inner)
    : Exception($"The {store} rate-limit store is unavailable: {inner.Message}", inner);
