using System.Security.Cryptography;
using System.Text;
using Codex.Data;

namespace Codex.Workers.Pipeline.RateLimiting;

/// <summary>Which <see cref="IRateLimitStore"/> an app uses (<c>RateLimits__Store</c>, ADR 041), chosen once at start.</summary>
public static class RateLimitStores
{
    public const string Auto = "auto";
    public const string Memory = "memory";
    public const string Database = "database";
    public const string Redis = "redis";
    public static readonly string[] Names = [Auto, Memory, Database, Redis];

    /// <summary>
    /// <c>auto</c>: Redis when <c>ConnectionStrings__Redis</c> is set; else the database when it is PostgreSQL and the
    /// apps run split (<c>Codex__Role</c> not <c>all</c>: a replica may run beside this one); else memory.
    /// </summary>
    public static string Choose(string setting, string? redis, DatabaseProvider database, bool split) => setting.ToLowerInvariant() switch
    {
        Auto when !string.IsNullOrWhiteSpace(redis) => Redis,
        Auto when database == DatabaseProvider.Postgres && split => Database,
        Auto => Memory,
        var forced => forced,
    };

    /// <summary>What is wrong with the choice, one sentence each.</summary>
    public static IEnumerable<string> Problems(string setting, string? redis, DatabaseProvider database)
    {
        if (!Names.Contains(setting, StringComparer.OrdinalIgnoreCase))
            yield return $"RateLimits__Store is \"{setting}\"; use {string.Join(", ", Names)}.";
        else if (setting.Equals(Redis, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(redis))
            yield return "RateLimits__Store is redis but ConnectionStrings__Redis is not set; set it (e.g. redis:6379) or choose another store.";
        else if (setting.Equals(Database, StringComparison.OrdinalIgnoreCase) && database != DatabaseProvider.Postgres)
            yield return "RateLimits__Store is database but the database is SQLite, which one process serves; use memory, or PostgreSQL.";
        if (!string.IsNullOrWhiteSpace(redis) && ParseFailure(redis) is { } failure)
            yield return $"ConnectionStrings__Redis is not a Redis connection string ({failure.TrimEnd('.')}); use e.g. redis:6379 or redis:6379,password=...";
    }

    private static string? ParseFailure(string redis)
    {
        try
        {
            RedisConnections.Options(redis);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>Registers the chosen store (and, for the database, the sweep of ended windows); returns its name.</summary>
    public static string Add(IServiceCollection services, RateLimitOptions limits, string database, string? redis, bool split)
    {
        var provider = CodexDatabase.ProviderOf(database);
        var problems = Problems(limits.Store, redis, provider).ToList();
        if (problems.Count > 0) throw new Microsoft.Extensions.Options.OptionsValidationException(RateLimitOptions.Section, typeof(RateLimitOptions), problems);
        var kind = Choose(limits.Store, redis, provider, split);
        switch (kind)
        {
            case Redis:
                // The lease goes with the app: the container disposes it when the app stops, the last one closes the connection.
                services.AddSingleton(_ => RedisConnections.Acquire(redis!));
                services.AddSingleton<IRateLimitStore>(sp => new RedisRateLimitStore(sp.GetRequiredService<RedisConnections.Lease>().Connection));
                break;
            case Database:
                services.AddSingleton<IRateLimitStore>(_ => new DatabaseRateLimitStore(database, TimeProvider.System));
                services.AddHostedService<RateLimitCounterSweep>();
                break;
            default:
                services.AddSingleton<IRateLimitStore>(_ => new MemoryRateLimitStore(TimeProvider.System));
                break;
        }
        services.AddSingleton<SharedLimits>();
        return kind;
    }

    /// <summary>The key as stored: as given up to the column's 400 characters, else a hash of it (an absurd email).</summary>
    public static string StoredKey(string key) =>
        key.Length <= RateLimitCounter.MaxKeyLength ? key : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
