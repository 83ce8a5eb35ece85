using System.Collections.Concurrent;

namespace Codex.Workers.Pipeline.RateLimiting;

/// <summary>
/// The counters of one app in its own memory: exact for that app alone (the all-in-one host, SQLite), and what every
/// limit was before ADR 041. Ended windows are dropped at most once a minute, on a take.
/// </summary>
public sealed class MemoryRateLimitStore(TimeProvider clock) : IRateLimitStore
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public string Kind => RateLimitStores.Memory;

    public ValueTask<RateLimitDecision> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        SweepNowAndThen(now);
        while (true)
        {
            var counter = _counters.GetOrAdd(key, static _ => new Counter());
            lock (counter)
            {
                if (counter.Removed) continue; // swept between the lookup and the lock: take from its successor
                if (counter.EndsAt <= now)
                {
                    counter.EndsAt = now + window;
                    counter.Count = 0;
                }
                if (counter.Count >= limit)
                {
                    // A thread that read the clock a moment later may have started the window: never more than a window.
                    var rest = counter.EndsAt - now;
                    return ValueTask.FromResult(new RateLimitDecision(false, rest > window ? window : rest));
                }
                counter.Count++;
                return ValueTask.FromResult(RateLimitDecision.Grant);
            }
        }
    }

    public ValueTask GiveBackAsync(string key, CancellationToken ct)
    {
        if (_counters.TryGetValue(key, out var counter))
        {
            lock (counter)
            {
                if (!counter.Removed && counter.EndsAt > clock.GetUtcNow() && counter.Count > 0) counter.Count--;
            }
        }
        return ValueTask.CompletedTask;
    }

    private void SweepNowAndThen(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepEvery).UtcTicks, next) != next) return;
        foreach (var (key, counter) in _counters)
        {
            lock (counter)
            {
                if (counter.EndsAt > now) continue;
                counter.Removed = true;
                _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
            }
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset EndsAt;
        public int Count;
        public bool Removed;
    }
}
