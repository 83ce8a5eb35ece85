using System.Data.Common;
using Codex.Data;
using Npgsql;

namespace Codex.Workers.Pipeline.RateLimiting;

/// <summary>
/// The counters in PostgreSQL's <c>rate_limit_counters</c> (unlogged): one upsert per take, which the row lock makes
/// atomic across replicas. A full window is left as it is (the conditional update touches no row), so a refusal takes
/// nothing; only then a second statement reads when the window ends. <see cref="SweepAsync"/> removes ended windows.
/// </summary>
public sealed class DatabaseRateLimitStore(string connectionString, TimeProvider clock) : IRateLimitStore, IAsyncDisposable
{
    private const string Take = """
        INSERT INTO rate_limit_counters ("Key", "WindowEndsAtMs", "Count") VALUES (@key, @ends, 1)
        ON CONFLICT ("Key") DO UPDATE SET
            "Count" = CASE WHEN rate_limit_counters."WindowEndsAtMs" <= @now THEN 1 ELSE rate_limit_counters."Count" + 1 END,
            "WindowEndsAtMs" = CASE WHEN rate_limit_counters."WindowEndsAtMs" <= @now THEN @ends ELSE rate_limit_counters."WindowEndsAtMs" END
        WHERE rate_limit_counters."WindowEndsAtMs" <= @now OR rate_limit_counters."Count" < @limit
        RETURNING "WindowEndsAtMs"
        """;
    private const string EndOf = """SELECT "WindowEndsAtMs" FROM rate_limit_counters WHERE "Key" = @key""";
    private const string GiveBack = """
        UPDATE rate_limit_counters SET "Count" = "Count" - 1 WHERE "Key" = @key AND "Count" > 0 AND "WindowEndsAtMs" > @now
        """;
    private const string Sweep = """DELETE FROM rate_limit_counters WHERE "WindowEndsAtMs" <= @now""";

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(CodexDatabase.WithPostgresTimeouts(connectionString));

    public string Kind => RateLimitStores.Database;

    public async ValueTask<RateLimitDecision> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var stored = RateLimitStores.StoredKey(key);
        try
        {
            await using var take = _source.CreateCommand(Take);
            take.Parameters.AddWithValue("key", stored);
            take.Parameters.AddWithValue("now", now);
            take.Parameters.AddWithValue("ends", now + (long)window.TotalMilliseconds);
            take.Parameters.AddWithValue("limit", limit);
            if (await take.ExecuteScalarAsync(ct) is long) return RateLimitDecision.Grant;

            await using var end = _source.CreateCommand(EndOf);
            end.Parameters.AddWithValue("key", stored);
            var endsAt = await end.ExecuteScalarAsync(ct) is long ms ? ms : now + (long)window.TotalMilliseconds;
            // Another replica may have started the window a moment after this one read the clock: never more than a window.
            return new RateLimitDecision(false, TimeSpan.FromMilliseconds(Math.Clamp(endsAt - now, 0, (long)window.TotalMilliseconds)));
        }
        catch (Exception e) when (e is DbException or TimeoutException or System.Net.Sockets.SocketException && !ct.IsCancellationRequested)
        {
            throw new RateLimitStoreUnavailableException(Kind, e);
        }
    }

    public async ValueTask GiveBackAsync(string key, CancellationToken ct)
    {
        try
        {
            await using var command = _source.CreateCommand(GiveBack);
            command.Parameters.AddWithValue("key", RateLimitStores.StoredKey(key));
            command.Parameters.AddWithValue("now", clock.GetUtcNow().ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (Exception e) when (e is DbException or TimeoutException or System.Net.Sockets.SocketException && !ct.IsCancellationRequested)
        {
            throw new RateLimitStoreUnavailableException(Kind, e);
        }
    }

    /// <summary>Deletes the windows that have ended; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var command = _source.CreateCommand(Sweep);
        command.Parameters.AddWithValue("now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}

/// <summary>Every few minutes, the ended windows of <see cref="DatabaseRateLimitStore"/> are deleted (any replica may; it is idempotent).</summary>
public sealed class RateLimitCounterSweep(IRateLimitStore store, ILogger<RateLimitCounterSweep> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not DatabaseRateLimitStore database) return;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await database.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not sweep the ended rate-limit windows; trying again in {Interval}", Interval);
            }
        }
    }
}
