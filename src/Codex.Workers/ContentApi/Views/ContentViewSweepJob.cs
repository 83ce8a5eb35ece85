using Quartz;

namespace Codex.Workers.ContentApi.Views;

/// <summary>Every <c>Jobs:SweepInterval</c> (an hour): forgets viewers whose 30-minute window is over.</summary>
[DisallowConcurrentExecution]
public sealed class ContentViewSweepJob(ContentViews views, ILogger<ContentViewSweepJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var removed = await views.SweepAsync(ct);
        if (removed > 0) logger.LogInformation("Content views sweep: {Removed} rows", removed);
    }
}
