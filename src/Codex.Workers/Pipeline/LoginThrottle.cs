using System.Threading.RateLimiting;

namespace Codex.Workers.Pipeline;

/// <summary>
/// At most <c>RateLimits:FailedLoginsPerEmail</c> failed password checks per account per window, whichever address
/// they come from (the per-address limit is the endpoint policy): logins by email (Auth), and the password that confirms
/// an account's deletion or email change by user (Identity-API). Only failures consume permits.
/// </summary>
public sealed class LoginThrottle(RateLimitOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.FailedLoginsPerEmail,
            Window = TimeSpan.FromMinutes(limits.AuthWindowMinutes),
        }));

    /// <summary>Null when the email may try again, else how long until it may.</summary>
    public TimeSpan? Blocked(string email)
    {
        using var probe = _failures.AttemptAcquire(email, 0);
        if (probe.IsAcquired) return null;
        return probe.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(limits.AuthWindowMinutes);
    }

    public void RecordFailure(string email) => _failures.AttemptAcquire(email).Dispose();

    public void Dispose() => _failures.Dispose();
}
