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
        TimeSpan.FromTicks((long)Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * Math.Pow(2, Math.Clamp(attempts - 1, 0, 62))));

    /// <summary>What is wrong with these settings, one sentence each.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(PollInterval), PollInterval), (nameof(FirstRetryDelay), FirstRetryDelay),
                     (nameof(MaxRetryDelay), MaxRetryDelay), (nameof(KeepFor), KeepFor),
                 })
            foreach (var problem in Settings.Positive($"{Section}__{name}", value)) yield return problem;
        if (GiveUpAfter < TimeSpan.FromDays(1))
            yield return $"{Section}__GiveUpAfter is {GiveUpAfter}; mail is retried for at least a day (1.00:00:00).";
        if (MaxRetryDelay < FirstRetryDelay)
            yield return $"{Section}__MaxRetryDelay ({MaxRetryDelay}) is shorter than {Section}__FirstRetryDelay ({FirstRetryDelay}).";
        foreach (var problem in Settings.AtLeast($"{Section}__BatchSize", BatchSize, 1)) yield return problem;
    }
}
