namespace Codex.Workers.NotificationsApi.Outbox;

/// <summary>How the outbox is worked (section <c>Mail</c>).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>How often the sending job looks for mail that is due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a message is retried before it is given up on (the contract asks for at least a day).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);
    /// <summary>The first retry's wait; each next one doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Sent and given-up messages are deleted after this long.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);
    /// <summary>Messages one run of the job sends at most.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: 30 s, 1 min, 2 min, ... at most an hour.</summary>
    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 30))));
}
