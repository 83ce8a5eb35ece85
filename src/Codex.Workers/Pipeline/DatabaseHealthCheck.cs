using Codex.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codex.Workers.Pipeline;

/// <summary><c>/health/ready</c> of a worker: the database answers within 3 seconds.</summary>
public sealed class DatabaseHealthCheck(CodexDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await db.Database.CanConnectAsync(timeout.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database is not reachable.");
        }
        catch (Exception e) when (ErrorMapping.IsDatabaseUnavailable(e) || e is OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.");
        }
    }
}
