using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Codex.Workers.Pipeline.RateLimiting;

/// <summary>
/// The counters in Redis (<c>ConnectionStrings__Redis</c>): one Lua script per take, which Redis runs atomically
/// (read, refuse when full, else INCR and start the window's expiry with the first permit). The window ends when the
/// key expires, on the Redis server's clock. Commands fail at once while the connection is down (no backlog), so an
/// outage costs a request nothing but the limit's fail-open or fail-closed answer.
/// </summary>
public sealed class RedisRateLimitStore(IConnectionMultiplexer redis) : IRateLimitStore
{
    /// <summary>Every key this store writes starts so, to share a Redis with other uses.</summary>
    public const string Prefix = "codex:rl:";

    // KEYS[1] the counter; ARGV[1] the limit, ARGV[2] the window in ms. Returns {granted, ms until the window ends}.
    private const string TakeScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count >= tonumber(ARGV[1]) then
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
          return {0, ttl}
        end
        redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
        return {1, ttl}
        """;
    private const string GiveBackScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count > 0 then redis.call('DECR', KEYS[1]) end
        return 0
        """;

    public string Kind => RateLimitStores.Redis;

    public async ValueTask<RateLimitDecision> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript,
                [new RedisKey(Prefix + key)], [limit, (long)Math.Ceiling(window.TotalMilliseconds)]))!;
            return (long)result[0] == 1 ? RateLimitDecision.Grant : new RateLimitDecision(false, TimeSpan.FromMilliseconds((long)result[1]));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new RateLimitStoreUnavailableException(Kind, e);
        }
    }

    public async ValueTask GiveBackAsync(string key, CancellationToken ct)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(GiveBackScript, [new RedisKey(Prefix + key)]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new RateLimitStoreUnavailableException(Kind, e);
        }
    }
}

/// <summary>
/// One connection to each Redis per process, as StackExchange.Redis wants (it multiplexes every caller over it): the
/// apps of an all-in-one host share it, each holding a <see cref="Lease"/>; the last app to stop closes it. It never
/// aborts on a failed connect and reconnects by itself; a start while Redis is down waits once, for the connect
/// timeout (2 s unless the connection string says otherwise), and then commands fail at once instead of queueing.
/// </summary>
public static class RedisConnections
{
    private static readonly Dictionary<string, (ConnectionMultiplexer Connection, int Users)> Open = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The process's connection to <paramref name="connectionString"/>, until the lease is disposed.</summary>
    public static Lease Acquire(string connectionString)
    {
        lock (Gate)
        {
            var connection = Open.TryGetValue(connectionString, out var open) ? open.Connection : ConnectionMultiplexer.Connect(Options(connectionString));
            Open[connectionString] = (connection, open.Users + 1);
            return new Lease(connectionString, connection);
        }
    }

    private static void Release(string connectionString)
    {
        ConnectionMultiplexer? closing = null;
        lock (Gate)
        {
            if (!Open.TryGetValue(connectionString, out var open)) return;
            if (open.Users > 1) Open[connectionString] = (open.Connection, open.Users - 1);
            else
            {
                Open.Remove(connectionString);
                closing = open.Connection;
            }
        }
        closing?.Dispose();
    }

    /// <summary>The options Codex connects with: the operator's string, never aborting on a failed connect, failing fast while down.</summary>
    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase)) options.ConnectTimeout = 2000;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase)) options.AsyncTimeout = 2000;
        if (!connectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase)) options.SyncTimeout = 2000;
        options.ClientName ??= "codex";
        return options;
    }

    /// <summary>One app's hold on the shared connection.</summary>
    public sealed class Lease(string connectionString, IConnectionMultiplexer connection) : IDisposable
    {
        private int _disposed;

        public IConnectionMultiplexer Connection => connection;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Release(connectionString);
        }
    }
}
