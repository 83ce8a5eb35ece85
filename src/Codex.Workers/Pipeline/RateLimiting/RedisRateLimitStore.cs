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
/// apps of an all-in-one host share it. It connects in the background and reconnects by itself; start-up never waits
/// for it, and while it is down commands fail at once instead of queueing.
/// </summary>
public static class RedisConnections
{
    private static readonly ConcurrentDictionary<string, Lazy<ConnectionMultiplexer>> Connections = new(StringComparer.Ordinal);

    public static IConnectionMultiplexer For(string connectionString) =>
        Connections.GetOrAdd(connectionString, cs => new Lazy<ConnectionMultiplexer>(() => Connect(cs))).Value;

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

    private static ConnectionMultiplexer Connect(string connectionString) => ConnectionMultiplexer.Connect(Options(connectionString));
}
