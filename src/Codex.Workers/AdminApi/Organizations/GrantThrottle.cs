using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.RateLimiting;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>
/// At most <c>RateLimits:GrantsPerUserPerHour</c> grants per caller per hour, whichever organization they are for
/// (ADR 021): a grant names a person by email, so its answer tells whether an account uses that email; owners and
/// admins need that answer, a caller trying address after address does not get far. Counted in the shared store
/// (ADR 041); an unreachable store refuses with a 503.
/// </summary>
public sealed class GrantThrottle(SharedLimits limits, RateLimitOptions options)
{
    private readonly RateLimitRule _grants = new("grants", options.GrantsPerUserPerHour, TimeSpan.FromHours(1), FailOpen: false);

    /// <summary>Takes one permit for <paramref name="userId"/>, or a 429 <c>RATE_LIMITED</c> saying when to try again.</summary>
    public async Task AcquireAsync(Guid userId, CancellationToken ct)
    {
        if (await limits.TakeAsync(_grants, userId.ToString("N"), ct) is not { Granted: false } refused) return;
        var seconds = refused.RetryAfterSeconds;
        throw new ApiException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            $"Too many grants in the last hour. Try again in {Math.Max(1, (seconds + 59) / 60)} minutes.", new RateLimitDetails(seconds));
    }
}
