using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline.RateLimiting;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Codex.Tests.Workers.Pipeline.RateLimiting;

/// <summary>A real Redis, and on a PostgreSQL run a migrated database, for the stores' tests.</summary>
public sealed class RateLimitStoresFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private readonly List<ConnectionMultiplexer> _connections = [];

    public TestRedis Redis { get; private set; } = null!;
    public string? PostgresConnectionString => _database?.ConnectionString;

    public async Task InitializeAsync()
    {
        Redis = await TestRedis.StartAsync();
        if (TestDatabase.Provider != DatabaseProvider.Postgres) return;
        _database = await TestDatabase.CreateAsync();
        await using var db = CodexDatabase.Create(_database.ConnectionString);
        await db.Database.MigrateAsync();
    }

    /// <summary>A connection of its own, as another process would have.</summary>
    public IConnectionMultiplexer NewRedisConnection()
    {
        var connection = ConnectionMultiplexer.Connect(RedisConnections.Options(Redis.Endpoint));
        lock (_connections) _connections.Add(connection);
        return connection;
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
        await Redis.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>
/// Issue 17 (limits shared across replicas, ADR 041): each store, used by two "replicas" (two instances, each with its
/// own connection) grants exactly the limit however the takes interleave; a refusal takes nothing and says the rest
/// of the window; an ended window starts again; keys are independent. The database store is PostgreSQL's only (on a
/// SQLite run its cases pass without running).
/// </summary>
public sealed class RateLimitStoreTests(RateLimitStoresFixture fixture) : IClassFixture<RateLimitStoresFixture>, IAsyncLifetime
{
    public static TheoryData<string> Stores => new() { RateLimitStores.Memory, RateLimitStores.Database, RateLimitStores.Redis };

    private readonly TestClock _clock = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _key = "test:" + Guid.NewGuid().ToString("N");

    /// <summary>Two replicas' stores, or null when this run cannot have the kind (the database on SQLite).</summary>
    private (IRateLimitStore A, IRateLimitStore B)? Replicas(string kind)
    {
        switch (kind)
        {
            case RateLimitStores.Memory:
                var memory = new MemoryRateLimitStore(_clock); // one process: both "replicas" are the same counters
                return (memory, memory);
            case RateLimitStores.Database:
                if (fixture.PostgresConnectionString is not { } cs) return null;
                var a = new DatabaseRateLimitStore(cs, _clock);
                var b = new DatabaseRateLimitStore(cs, _clock);
                _owned.Add(a);
                _owned.Add(b);
                return (a, b);
            default:
                return (new RedisRateLimitStore(fixture.NewRedisConnection()), new RedisRateLimitStore(fixture.NewRedisConnection()));
        }
    }

    /// <summary>Moves past the end of a window: the test clock for memory and the database, real time for Redis (its server's clock).</summary>
    private async Task PassAsync(string kind, TimeSpan window)
    {
        if (kind == RateLimitStores.Redis) await Task.Delay(window + TimeSpan.FromMilliseconds(300));
        else _clock.Advance(window + TimeSpan.FromMilliseconds(1));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TwoReplicas_TakingAtOnce_AreGrantedExactlyTheLimit(string kind)
    {
        if (Replicas(kind) is not var (a, b)) return;
        const int limit = 7;

        var takes = Enumerable.Range(0, 60)
            .Select(i => Task.Run(async () => await (i % 2 == 0 ? a : b).TakeAsync(_key, limit, TimeSpan.FromMinutes(1), default)))
            .ToList();
        var decisions = await Task.WhenAll(takes);

        Assert.Equal(limit, decisions.Count(d => d.Granted));
        Assert.All(decisions.Where(d => !d.Granted), d => Assert.InRange(d.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AFullWindow_RefusesUntilItEnds_ThenStartsAgain(string kind)
    {
        if (Replicas(kind) is not var (a, b)) return;
        // Redis ends windows on its own clock: 3 s, long enough for three round trips on a loaded machine.
        var window = kind == RateLimitStores.Redis ? TimeSpan.FromSeconds(3) : TimeSpan.FromMinutes(15);

        Assert.True((await a.TakeAsync(_key, 2, window, default)).Granted);
        Assert.True((await b.TakeAsync(_key, 2, window, default)).Granted);
        Assert.False((await a.TakeAsync(_key, 2, window, default)).Granted);
        await PassAsync(kind, window);

        Assert.True((await b.TakeAsync(_key, 2, window, default)).Granted);
        Assert.True((await a.TakeAsync(_key, 2, window, default)).Granted);
        Assert.False((await b.TakeAsync(_key, 2, window, default)).Granted);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ARefusal_SaysTheRestOfTheWindow(string kind)
    {
        if (Replicas(kind) is not var (a, b)) return;
        var window = TimeSpan.FromMinutes(1);

        Assert.True((await a.TakeAsync(_key, 2, window, default)).Granted);
        if (kind != RateLimitStores.Redis) _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True((await b.TakeAsync(_key, 2, window, default)).Granted);
        var refused = await a.TakeAsync(_key, 2, window, default);

        Assert.False(refused.Granted);
        if (kind == RateLimitStores.Redis) Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(45), window); // the server's own clock
        else Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(40)); // the test clock runs on too
        Assert.InRange(refused.RetryAfterSeconds, 1, 60);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Keys_AreIndependent(string kind)
    {
        if (Replicas(kind) is not var (a, b)) return;
        var window = TimeSpan.FromMinutes(1);

        Assert.True((await a.TakeAsync(_key, 1, window, default)).Granted);
        Assert.False((await b.TakeAsync(_key, 1, window, default)).Granted);

        Assert.True((await b.TakeAsync(_key + ":other", 1, window, default)).Granted);
        Assert.True((await a.TakeAsync("other:" + _key, 1, window, default)).Granted);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task GivingBack_FreesOnePermit_AndRefusalsTookNothing(string kind)
    {
        if (Replicas(kind) is not var (a, b)) return;
        var window = TimeSpan.FromMinutes(15);

        Assert.True((await a.TakeAsync(_key, 2, window, default)).Granted);
        Assert.True((await b.TakeAsync(_key, 2, window, default)).Granted);
        for (var i = 0; i < 3; i++) Assert.False((await a.TakeAsync(_key, 2, window, default)).Granted);
        await b.GiveBackAsync(_key, default);

        Assert.True((await a.TakeAsync(_key, 2, window, default)).Granted);
        Assert.False((await b.TakeAsync(_key, 2, window, default)).Granted);
    }

    [Fact]
    public async Task TheDatabaseStore_SweepsEndedWindows_Only()
    {
        if (Replicas(RateLimitStores.Database) is not var (a, _)) return;
        var store = (DatabaseRateLimitStore)a;
        await store.TakeAsync(_key + ":short", 1, TimeSpan.FromSeconds(1), default);
        await store.TakeAsync(_key + ":long", 1, TimeSpan.FromHours(1), default);
        _clock.Advance(TimeSpan.FromSeconds(2));

        await store.SweepAsync(default);

        await using var db = CodexDatabase.Create(fixture.PostgresConnectionString!);
        var left = await db.RateLimitCounters.Where(c => c.Key.StartsWith(_key)).Select(c => c.Key).ToListAsync();
        Assert.Equal([_key + ":long"], left);
    }

    [Fact]
    public async Task AKeyLongerThanTheColumn_IsStoredAsItsHash()
    {
        var longKey = "login:" + new string('x', 500) + "@example.com";
        Assert.True(RateLimitStores.StoredKey(longKey).Length <= Codex.Data.RateLimitCounter.MaxKeyLength);
        Assert.NotEqual(RateLimitStores.StoredKey(longKey), RateLimitStores.StoredKey(longKey + "y"));
        if (Replicas(RateLimitStores.Database) is not var (a, b)) return;
        Assert.True((await a.TakeAsync(longKey + _key, 1, TimeSpan.FromMinutes(1), default)).Granted);
        Assert.False((await b.TakeAsync(longKey + _key, 1, TimeSpan.FromMinutes(1), default)).Granted);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
    }
}
