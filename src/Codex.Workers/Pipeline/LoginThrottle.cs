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

    /// <summary>Reserves one failure for <paramref name="key"/>: null when the check may go on, else how long until it may.</summary>
    public async ValueTask<TimeSpan?> ReserveAsync(string key, CancellationToken ct) =>
        await limits.TakeAsync(_failures, key, ct) is { Granted: false } refused ? TimeSpan.FromSeconds(refused.RetryAfterSeconds) : null;

    /// <summary>The password was right (or never checked): the reserved failure is given back.</summary>
    public ValueTask ReleaseAsync(string key) => limits.GiveBackAsync(_failures, key);
}
