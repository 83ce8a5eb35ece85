using Codex.Workers.Pipeline.RateLimiting;

namespace Codex.Workers.Pipeline;

/// <summary>
/// At most <c>RateLimits:FailedLoginsPerEmail</c> failed password checks per account per window, whichever address
/// they come from (the per-address limit is the endpoint policy): logins by email (Auth), and the password that confirms
/// an account's deletion or email change by user (Identity-API). Counted in the shared store (ADR 041), exactly across
/// replicas: a permit is reserved BEFORE the password is checked and given back when it was right, so no race lets one
/// more check through. An unreachable store refuses with a 503 (password guessing is what this limit stops).
/// </summary>
public sealed class LoginThrottle(SharedLimits limits, RateLimitOptions options)
{
    private readonly RateLimitRule _failures = new("login", options.FailedLoginsPerEmail, TimeSpan.FromMinutes(options.AuthWindowMinutes), FailOpen: false);

    /// <summary>
    /// Runs <paramref name="check"/> (a password check for <paramref name="key"/>) with one failure reserved first, and
    /// gives it back when <paramref name="wasRight"/> says the password was right or the check threw (nothing was
    /// checked). Throws <paramref name="refused"/>'s exception, with the wait, when the key may not try now.
    /// </summary>
    public async Task<T> CheckAsync<T>(string key, Func<Task<T>> check, Func<T, bool> wasRight, Func<TimeSpan, Exception> refused,
        CancellationToken ct)
    {
        if (await limits.TakeAsync(_failures, key, ct) is { Granted: false } full) throw refused(TimeSpan.FromSeconds(full.RetryAfterSeconds));
        T result;
        try
        {
            result = await check();
        }
        catch
        {
            await limits.GiveBackAsync(_failures, key);
            throw;
        }
        if (wasRight(result)) await limits.GiveBackAsync(_failures, key);
        return result;
    }
}
