namespace Codex.Tests.Infrastructure;

/// <summary>A clock the tests move forward (token expiry, session renewal); starts at the real time.</summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves time forward for every app of the fixture; it never goes back.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
