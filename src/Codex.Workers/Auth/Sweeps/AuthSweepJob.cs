using Codex.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Codex.Workers.Auth.Sweeps;

/// <summary>What one sweep of the Auth worker's tables removed.</summary>
public sealed record AuthSweepResult(int Sessions, int Tokens);

/// <summary>
/// Hourly: deletes expired sessions and one-time tokens that were used or have expired. Nothing reads them again:
/// an expired session is already refused and a used or expired link already answers <c>INVALID_TOKEN</c>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class AuthSweepJob(CodexDbContext db, TimeProvider clock, ILogger<AuthSweepJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var result = await SweepAsync(ct);
        if (result != new AuthSweepResult(0, 0)) logger.LogInformation("Auth sweep: {Result}", result);
    }

    public async Task<AuthSweepResult> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sessions = await db.Sessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var tokens = await db.OneTimeTokens.Where(t => t.UsedAt != null || t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        return new AuthSweepResult(sessions, tokens);
    }
}
