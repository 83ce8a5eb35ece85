namespace Codex.Workers.Pipeline;

internal static class Timestamps
{
    /// <summary>
    /// Now, cut to whole milliseconds: SQLite keeps times to 0.1 ms and PostgreSQL to 1 µs, so a time answered
    /// straight after a write then equals the one every later read answers.
    /// </summary>
    public static DateTimeOffset StoredNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
