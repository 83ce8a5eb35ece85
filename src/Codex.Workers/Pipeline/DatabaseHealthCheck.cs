using Codex.Data;
using Codex.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codex.Workers.Pipeline;

/// <summary>
/// <c>/health/ready</c> of a worker: a new connection to the database answers <c>SELECT 1</c> within 2 seconds,
/// even when the server accepts connections and never answers.
/// </summary>
public sealed class DatabaseHealthCheck(CodexOptions options) : IHealthCheck
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await CodexDatabase.PingAsync(options.Database, Patience, ct)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database is not reachable.");
}
