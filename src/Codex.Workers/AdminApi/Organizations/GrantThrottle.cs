using System.Threading.RateLimiting;
using Codex.Workers.Pipeline;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>
/// At most <c>RateLimits:GrantsPerUserPerHour</c> grants per caller per hour, whichever organization they are for
/// (ADR 021): a grant names a person by email, so its answer tells whether an account uses that email; owners and
/// admins need that answer, a caller trying address after address does not get far.
/// </summary>
public sealed class GrantThrottle(RateLimitOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _grants = PartitionedRateLimiter.Create<Guid, Guid>(userId =>
        RateLimitPartition.GetFixedWindowLimiter(userId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.GrantsPerUserPerHour,
            Window = TimeSpan.FromHours(1),
        }));

    /// <summary>Takes one permit for <paramref name="userId"/>, or a 429 <c>RATE_LIMITED</c> saying when to try again.</summary>
    public void Acquire(Guid userId)
    {
        using var lease = _grants.AttemptAcquire(userId);
        if (lease.IsAcquired) return;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromHours(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        throw new ApiException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            $"Too many grants in the last hour. Try again in {Math.Max(1, (seconds + 59) / 60)} minutes.", new RateLimitDetails(seconds));
    }

    public void Dispose() => _grants.Dispose();
}
