using Quartz;

namespace Codex.Workers.NotificationsApi.Outbox;

/// <summary>Every <see cref="MailOptions.PollInterval"/>: sends what is due in the outbox.</summary>
[DisallowConcurrentExecution]
public sealed class SendMailJob(OutboxSender sender) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await sender.SendDueAsync(ct);
}

/// <summary>Hourly: forgets sent and given-up messages past <see cref="MailOptions.KeepFor"/>.</summary>
[DisallowConcurrentExecution]
public sealed class SweepMailJob(OutboxSender sender, ILogger<SweepMailJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var deleted = await sender.SweepAsync(ct);
        if (deleted > 0) logger.LogInformation("Mail sweep: {Deleted} old messages deleted", deleted);
    }
}
