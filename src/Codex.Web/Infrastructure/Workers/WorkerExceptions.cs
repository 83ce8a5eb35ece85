namespace Codex.Web.Infrastructure.Workers;

/// <summary>A worker answered with a contract error the caller should handle (400, 401, 403, 409, 422, 429).</summary>
public class WorkerCallException(int status, ErrorBody error, TimeSpan? retryAfter = null) : Exception(error.Message)
{
    public int Status { get; } = status;
    public ErrorBody Error { get; } = error;
    /// <summary>A 429's <c>Retry-After</c>, passed on to the one user who caused it.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A worker could not answer: down, slow past the budget, circuit open, or a 5xx. Pages render the region that
/// needed it as a notice with a retry link instead of failing whole.
/// </summary>
public sealed class WorkerUnavailableException(string worker, Exception? inner)
    : Exception($"The {worker} worker is unavailable.", inner)
{
    public string Worker { get; } = worker;
}
