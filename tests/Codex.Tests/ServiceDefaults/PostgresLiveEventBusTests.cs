using System.Collections.Concurrent;
using System.Threading.Channels;
using Codex.Data;
using Codex.ServiceDefaults.Live;
using Codex.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Codex.Tests.ServiceDefaults;

/// <summary>
/// Issue 16: the PostgreSQL <c>LISTEN/NOTIFY</c> bus between processes (ADR 036), on a real server. Each bus here
/// stands for one process: what one publishes, every other one's subscribers get. These run only when
/// <c>CODEX_TEST_DB=postgres</c> (on SQLite a split deployment has no bus to share, and there is nothing to test).
/// </summary>
public sealed class PostgresLiveEventBusTests : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Briefly = TimeSpan.FromMilliseconds(700);
    private static bool OnPostgres => TestDatabase.Provider == DatabaseProvider.Postgres;

    private TestDatabase? _database;
    private readonly List<PostgresLiveEventBus> _buses = [];

    public async Task InitializeAsync()
    {
        if (OnPostgres) _database = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var bus in _buses) await bus.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    private PostgresLiveEventBus Bus(RecordingLogger<PostgresLiveEventBus>? logger = null)
    {
        var bus = new PostgresLiveEventBus(_database!.ConnectionString, logger ?? new RecordingLogger<PostgresLiveEventBus>());
        _buses.Add(bus);
        return bus;
    }

    /// <summary>A subscription whose events can be awaited one by one.</summary>
    private static ChannelReader<LiveEvent> Subscribe(ILiveEventBus bus)
    {
        var channel = Channel.CreateUnbounded<LiveEvent>();
        bus.Subscribe(e => channel.Writer.TryWrite(e));
        return channel.Reader;
    }

    private static async Task<LiveEvent?> NextAsync(ChannelReader<LiveEvent> events, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try { return await events.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) { return null; }
    }

    [Fact]
    public async Task AnEventPublishedOnOneBus_ReachesTheSubscribersOfAnother_IdForId()
    {
        if (!OnPostgres) return;
        var publisher = Bus();
        var listener = Bus();
        var received = Subscribe(listener);
        var alsoReceived = Subscribe(listener);
        await listener.Listening.WaitAsync(Soon);

        var sent = LiveEvent.Create("library-changed", Guid.NewGuid(), null, """{"n":"é"}""");
        await publisher.PublishAsync(sent, CancellationToken.None);

        Assert.Equal(sent, await NextAsync(received, Soon));
        Assert.Equal(sent, await NextAsync(alsoReceived, Soon));
    }

    [Fact]
    public async Task ACacheInvalidation_ReachesThePublishingProcess_BeforePublishReturns_AndOnlyOnce()
    {
        // Issue 17 (ADR 040): a site in the worker's own process drops its cache before the worker answers.
        if (!OnPostgres) return;
        var bus = Bus();
        var elsewhere = Bus();
        var here = Subscribe(bus);
        var there = Subscribe(elsewhere);
        await Task.WhenAll(bus.Listening, elsewhere.Listening).WaitAsync(Soon);

        var sent = LiveEvent.Create("cache-invalidated", null, null, """["content"]""");
        await bus.PublishAsync(sent, CancellationToken.None);

        Assert.True(here.TryRead(out var atOnce), "the publishing process's subscriber had nothing when PublishAsync returned");
        Assert.Equal(sent, atOnce);
        Assert.Equal(sent, await NextAsync(there, Soon));
        Assert.Null(await NextAsync(here, Briefly)); // PostgreSQL's echo is not handed out again

        // A streamed event keeps PostgreSQL's order for every instance: it comes back through LISTEN, once.
        var streamed = LiveEvent.Create("library-changed", Guid.NewGuid(), null, "{}");
        await bus.PublishAsync(streamed, CancellationToken.None);
        Assert.Equal(streamed, await NextAsync(here, Soon));
        Assert.Null(await NextAsync(here, Briefly));
    }

    [Fact]
    public async Task EventsArrive_InTheOrderTheyWerePublished()
    {
        if (!OnPostgres) return;
        var publisher = Bus();
        var listener = Bus();
        var received = Subscribe(listener);
        await listener.Listening.WaitAsync(Soon);

        var sent = Enumerable.Range(0, 50).Select(i => LiveEvent.Create("media-status", null, Guid.NewGuid(), $$"""{"n":{{i}}}""")).ToList();
        foreach (var e in sent) await publisher.PublishAsync(e, CancellationToken.None);

        var got = new List<LiveEvent>();
        for (var i = 0; i < sent.Count; i++) got.Add((await NextAsync(received, Soon))!);
        Assert.Equal(sent, got);
    }

    [Fact]
    public async Task APayloadTooLargeForNotify_IsDroppedWithAWarning_NotThrown_AndTheNextOneStillGoes()
    {
        if (!OnPostgres) return;
        var logger = new RecordingLogger<PostgresLiveEventBus>();
        var publisher = Bus(logger);
        var listener = Bus();
        var received = Subscribe(listener);
        await listener.Listening.WaitAsync(Soon);

        // 3,000 two-byte characters: 6,000 bytes of UTF-8 (and 3,000 chars), just within; 4,000 of them: over.
        var within = LiveEvent.Create("content-changed", Guid.NewGuid(), null, $$"""{"s":"{{new string('é', 3000)}}"}""");
        var tooLarge = LiveEvent.Create("content-changed", Guid.NewGuid(), null, $$"""{"s":"{{new string('é', 4000)}}"}""");
        var small = LiveEvent.Create("content-changed", Guid.NewGuid(), null, "{}");
        await publisher.PublishAsync(tooLarge, CancellationToken.None);
        await publisher.PublishAsync(within, CancellationToken.None);
        await publisher.PublishAsync(small, CancellationToken.None);

        Assert.Equal(within.Id, (await NextAsync(received, Soon))?.Id);
        Assert.Equal(small.Id, (await NextAsync(received, Soon))?.Id);
        Assert.Null(await NextAsync(received, Briefly));
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("content-changed", warning.Message);
        // The size is said in bytes (what PostgreSQL limits: 8,000 and some), not in characters (4,000 and some).
        Assert.Matches(@"not sent: 8\d{3} bytes", warning.Message);
    }

    [Fact]
    public async Task TheListener_ReconnectsAfterItsConnectionIsKilled_AndDeliversAgain_AndPublishingGoesOn()
    {
        if (!OnPostgres) return;
        var listenerLog = new RecordingLogger<PostgresLiveEventBus>();
        var publisher = Bus();
        var listener = Bus(listenerLog);
        var received = Subscribe(listener);
        await listener.Listening.WaitAsync(Soon);
        var before = LiveEvent.Create("library-changed", Guid.NewGuid(), null, "{}");
        await publisher.PublishAsync(before, CancellationToken.None);
        Assert.Equal(before.Id, (await NextAsync(received, Soon))?.Id);

        // What a PostgreSQL restart or a failover does to the listener (and to the publisher's pooled connection).
        var killed = await TerminateAsync();
        Assert.True(killed >= 2, $"{killed} connections of codex-live-events were ended; expected the listener's and the publisher's");

        // An event sent while the listener is away is not seen by it (ADR 036); once it listens again, events arrive.
        // Publishing itself never needs the caller to retry: the first publish after the kill goes through.
        LiveEvent? got = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (got is null && DateTime.UtcNow < deadline)
        {
            var probe = LiveEvent.Create("library-changed", Guid.NewGuid(), null, "{}");
            await publisher.PublishAsync(probe, CancellationToken.None);
            if (await NextAsync(received, TimeSpan.FromMilliseconds(500)) is { } e)
            {
                Assert.Equal(probe.Id, e.Id);
                got = e;
            }
        }
        Assert.NotNull(got);
        Assert.Contains(listenerLog.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("lost its connection"));

        var after = LiveEvent.Create("purchase-completed", Guid.NewGuid(), null, "{}");
        await publisher.PublishAsync(after, CancellationToken.None);
        Assert.Equal(after.Id, (await NextAsync(received, Soon))?.Id);
    }

    [Fact]
    public async Task Disposing_StopsTheListener_AndLeavesNoConnectionBehind()
    {
        if (!OnPostgres) return;
        var listener = new PostgresLiveEventBus(_database!.ConnectionString, new RecordingLogger<PostgresLiveEventBus>());
        Subscribe(listener);
        await listener.Listening.WaitAsync(Soon);
        Assert.True(await CountAsync() >= 1);

        await listener.DisposeAsync().AsTask().WaitAsync(Soon);

        // The server notices a closed connection a moment later: asked again for a while.
        var left = await CountAsync();
        for (var i = 0; i < 50 && left > 0; i++)
        {
            await Task.Delay(200);
            left = await CountAsync();
        }
        Assert.Equal(0, left);
    }

    private async Task<long> TerminateAsync() => await AdminScalarAsync(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name AND application_name = 'codex-live-events'");

    private async Task<long> CountAsync() => await AdminScalarAsync(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = @name AND application_name = 'codex-live-events'");

    private async Task<long> AdminScalarAsync(string sql)
    {
        var name = new NpgsqlConnectionStringBuilder(_database!.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("CODEX_TEST_POSTGRES"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>A logger that keeps what it is told, to assert on.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
}
