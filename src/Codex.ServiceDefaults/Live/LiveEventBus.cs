using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Codex.ServiceDefaults.Live;

/// <summary>
/// One live event on its way to the site's <c>/events</c> streams: <see cref="Type"/> is the SSE event name
/// (<see cref="Codex.Contracts.Notifications.LiveEventTypes"/>), <see cref="Data"/> its JSON. It goes to the user
/// <see cref="UserId"/>, or to the staff of the organization <see cref="OrganizationId"/>. <see cref="Id"/> is given
/// by the publisher, so every site instance knows an event by the same id (a browser resumes on any of them).
/// </summary>
public sealed record LiveEvent(
    [property: JsonPropertyName("i")] string Id,
    [property: JsonPropertyName("t")] string Type,
    [property: JsonPropertyName("u")] Guid? UserId,
    [property: JsonPropertyName("o")] Guid? OrganizationId,
    [property: JsonPropertyName("d")] string Data)
{
    /// <summary>A new event with a fresh, time-ordered id.</summary>
    public static LiveEvent Create(string type, Guid? userId, Guid? organizationId, string data) =>
        new(Guid.CreateVersion7().ToString("N"), type, userId, organizationId, data);

    /// <summary>When it was published, to the millisecond: the first 48 bits of its version 7 id (UNIX milliseconds).</summary>
    [JsonIgnore]
    public DateTimeOffset PublishedAt => Id.Length >= 12 && long.TryParse(Id.AsSpan(0, 12), System.Globalization.NumberStyles.HexNumber, null, out var ms)
        ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(ms, 253402300799999))
        : DateTimeOffset.MinValue;
}

/// <summary>
/// Carries <see cref="LiveEvent"/>s from the workers that publish them to every site instance (ADR 036): in process
/// in the embedded default on SQLite (<see cref="InProcessLiveEventBus"/>), through PostgreSQL <c>LISTEN/NOTIFY</c>
/// on PostgreSQL, whether the apps run in one process or several (<see cref="PostgresLiveEventBus"/>). Publishing never fails the caller's request:
/// an event is a hint to refresh, and every page shows the state as of its request without it.
/// </summary>
public interface ILiveEventBus : IAsyncDisposable
{
    /// <summary><c>memory</c> or <c>postgres</c>, for the start-up log and health.</summary>
    string Kind { get; }

    /// <summary>Sends <paramref name="liveEvent"/> to every subscriber of every process on the bus.</summary>
    Task PublishAsync(LiveEvent liveEvent, CancellationToken ct);

    /// <summary>Calls <paramref name="handler"/> with every event (it must be quick and must not throw) until disposed.</summary>
    IDisposable Subscribe(Action<LiveEvent> handler);
}

/// <summary>The bus the host chooses for its database.</summary>
public static class LiveEventBus
{
    /// <summary>
    /// PostgreSQL whenever the database is PostgreSQL, also for a process that runs everything: another replica of it
    /// (behind a balancer) or a split site may share the database, and an event must reach their streams too. In
    /// process otherwise (the embedded default on SQLite, where nothing else can share the events).
    /// </summary>
    public static ILiveEventBus Create(bool postgres, string connectionString, ILoggerFactory logs) =>
        postgres ? new PostgresLiveEventBus(connectionString, logs.CreateLogger<PostgresLiveEventBus>()) : new InProcessLiveEventBus();
}

/// <summary>Subscribers of this process, called in the publisher's thread.</summary>
public sealed class InProcessLiveEventBus : ILiveEventBus
{
    private readonly Subscribers _subscribers = new();

    public string Kind => "memory";

    public Task PublishAsync(LiveEvent liveEvent, CancellationToken ct)
    {
        _subscribers.Dispatch(liveEvent);
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(Action<LiveEvent> handler) => _subscribers.Add(handler);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// PostgreSQL <c>LISTEN/NOTIFY</c> on the channel <see cref="Channel"/>: a publisher sends <c>pg_notify</c> on a pooled
/// connection; each subscribing process holds one connection that listens, opened on its first subscriber and
/// opened again (with backoff) when it drops. PostgreSQL hands every listener the notifications in commit order, so
/// all site instances see the same events in the same order. Events sent while a listener is reconnecting are not
/// seen by that process (ADR 036).
/// </summary>
public sealed class PostgresLiveEventBus : ILiveEventBus
{
    public const string Channel = "codex_events";
    /// <summary>PostgreSQL refuses a payload of 8000 bytes or more.</summary>
    public const int MaxPayloadBytes = 7900;

    private readonly NpgsqlDataSource _source;
    private readonly ILogger _logger;
    private readonly Subscribers _subscribers = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listener;

    public PostgresLiveEventBus(string connectionString, ILogger<PostgresLiveEventBus> logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // A listening connection idles: keepalives notice a server or network that went away.
            KeepAlive = 15,
            ApplicationName = "codex-live-events",
        };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        _logger = logger;
    }

    public string Kind => "postgres";

    /// <summary>Completes once this process listens (tests wait for it before they publish).</summary>
    public Task Listening => _listening.Task;

    /// <summary>
    /// The payload's JSON escapes only what JSON must: the default encoder writes every quote of <see cref="LiveEvent.Data"/>
    /// (itself JSON) and every non-ASCII letter as six bytes (<c>\u0022</c>), which would shrink what fits in a NOTIFY
    /// several times over. The payload is never put in HTML.
    /// </summary>
    private static readonly JsonSerializerOptions PayloadJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task PublishAsync(LiveEvent liveEvent, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(liveEvent, PayloadJson);
        var bytes = Encoding.UTF8.GetByteCount(payload);
        if (bytes > MaxPayloadBytes)
        {
            _logger.LogWarning("Live event {Type} not sent: {Bytes} bytes is more than NOTIFY carries", liveEvent.Type, bytes);
            return;
        }
        // A cache invalidation reaches this process's own subscribers (a site in the same process as the worker) here,
        // before the publisher's request answers, as on the in-process bus: it is applied before the browser that made
        // the change asks again (ADR 040). PostgreSQL's echo of it is skipped, even one that beats the dispatch. Streamed
        // events keep PostgreSQL's one order for every instance (a browser resumes by position, ADR 036).
        var here = _listener is not null && liveEvent.Type == Codex.Contracts.Notifications.LiveEventTypes.CacheInvalidated;
        if (here)
        {
            if (_sentHere.Count >= MaxSentHere) _sentHere.Clear(); // echoes lost while the listener reconnected
            _sentHere.TryAdd(liveEvent.Id, 0);
        }
        try
        {
            try
            {
                await NotifyAsync(payload, ct);
            }
            catch (Exception e) when (IsBrokenConnection(e) && !ct.IsCancellationRequested)
            {
                // A pooled connection the server ended while it idled (a restart, a failover, pg_terminate_backend) fails on
                // its first use; the pool drops it, and a fresh one is asked once. An event that did go out before the
                // failure would go twice: the site's hub knows an event by its id and keeps it once.
                await NotifyAsync(payload, ct);
            }
        }
        catch
        {
            _sentHere.TryRemove(liveEvent.Id, out _);
            throw;
        }
        if (here) _subscribers.Dispatch(liveEvent);
    }

    /// <summary>Ids this process published and already handed to its own subscribers, until PostgreSQL echoes them.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _sentHere = new(StringComparer.Ordinal);
    private const int MaxSentHere = 10_000;

    private async Task NotifyAsync(string payload, CancellationToken ct)
    {
        await using var command = _source.CreateCommand("SELECT pg_notify(@channel, @payload)");
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The connection went away (the server ended it, or the network did), not a fault of the command.</summary>
    private static bool IsBrokenConnection(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow }
        || (e is NpgsqlException { IsTransient: true } and not PostgresException);

    public IDisposable Subscribe(Action<LiveEvent> handler)
    {
        var subscription = _subscribers.Add(handler);
        lock (_subscribers)
        {
            _listener ??= Task.Run(() => ListenAsync(_stopping.Token));
        }
        return subscription;
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
                _listening.TrySetResult();
                delay = TimeSpan.FromMilliseconds(250);
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Live events: the PostgreSQL listener lost its connection; listening again in {Delay:0.0} s", delay.TotalSeconds);
                try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private void Receive(string payload)
    {
        LiveEvent? liveEvent;
        try
        {
            liveEvent = JsonSerializer.Deserialize<LiveEvent>(payload, PayloadJson);
        }
        catch (JsonException e)
        {
            _logger.LogWarning(e, "Live events: a notification on {Channel} is not an event", Channel);
            return;
        }
        // Only what a publisher of ours sends: a known type and a hex id, which go into the SSE frame's own lines.
        if (liveEvent is { Id.Length: > 0 and <= 64, Data: not null } && Codex.Contracts.Notifications.LiveEventTypes.OnTheBus.Contains(liveEvent.Type)
            && liveEvent.Id.All(char.IsAsciiHexDigit) && !_sentHere.TryRemove(liveEvent.Id, out _))
            _subscribers.Dispatch(liveEvent);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_listener is not null) await _listener;
        await _source.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>The handlers of one bus; a handler that throws is logged nowhere and never stops the others.</summary>
internal sealed class Subscribers
{
    private ImmutableArray<Action<LiveEvent>> _handlers = [];

    public IDisposable Add(Action<LiveEvent> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, a => a.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, a => a.Remove(handler)));
    }

    public void Dispatch(LiveEvent liveEvent)
    {
        foreach (var handler in _handlers)
        {
            try { handler(liveEvent); }
            catch (Exception) { /* a subscriber's own fault; the hub never throws */ }
        }
    }

    private sealed class Subscription(Action remove) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) remove();
        }
    }
}
