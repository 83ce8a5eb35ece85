using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults.Live;

namespace Codex.Web.Infrastructure.Live;

/// <summary>Section <c>Live</c>: the site's <c>/events</c> streams (ADR 036).</summary>
public sealed class LiveEventOptions
{
    public const string Section = "Live";

    /// <summary>A comment line on an idle stream, so that proxies and browsers keep it open (CONTRACT: 15 s).</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long events are kept for a browser that reconnects with <c>Last-Event-ID</c> (CONTRACT: at least 5 minutes).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A stream ends after this long (at its next keep-alive); the browser reconnects and is authenticated again.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Open streams of one user (one per tab); a new one beyond this ends their oldest.</summary>
    public int MaxStreamsPerUser { get; set; } = 20;

    public IEnumerable<string> Problems() =>
        Codex.ServiceDefaults.Settings.Positive($"{Section}__{nameof(KeepAlive)}", KeepAlive)
            .Concat(Codex.ServiceDefaults.Settings.Positive($"{Section}__{nameof(MaxLifetime)}", MaxLifetime))
            .Concat(Retention < TimeSpan.FromMinutes(5) ? [$"{Section}__{nameof(Retention)} is {Retention}; the contract asks for at least 00:05:00."] : [])
            .Concat(Codex.ServiceDefaults.Settings.AtLeast($"{Section}__{nameof(MaxStreamsPerUser)}", MaxStreamsPerUser, 1));
}

/// <summary>
/// The site's end of the live events (ADR 036): every event on the bus is kept for <see cref="LiveEventOptions.Retention"/>
/// (so a browser that reconnects gets what it missed, by <c>Last-Event-ID</c>) and handed to the open streams it is
/// for: a user's own, looked up by user; an organization's, to the streams of its staff. A stream that cannot keep up
/// is ended; its browser reconnects and resumes from what it had.
/// </summary>
public sealed class LiveEventHub : IDisposable
{
    /// <summary>At most this many events are kept, whatever their age.</summary>
    public const int MaxKept = 100_000;

    private readonly ConcurrentDictionary<Guid, ImmutableArray<LiveStream>> _byUser = new();
    private readonly Queue<Kept> _kept = new();
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly LiveEventOptions _options;
    private readonly IDisposable _subscription;
    private long _position;
    private int _streams;

    private readonly record struct Kept(long Position, LiveEvent Event, DateTimeOffset At);

    public LiveEventHub(ILiveEventBus bus, TimeProvider clock, LiveEventOptions options)
    {
        _clock = clock;
        _options = options;
        _subscription = bus.Subscribe(Receive);
    }

    /// <summary>Streams open now.</summary>
    public int OpenStreams => Volatile.Read(ref _streams);

    /// <summary>Opens a stream for <paramref name="userId"/>, who is staff of <paramref name="staffOf"/>.</summary>
    public LiveStream Open(Guid userId, IReadOnlySet<Guid> staffOf)
    {
        var stream = new LiveStream(this, userId, staffOf);
        LiveStream? oldest = null;
        _byUser.AddOrUpdate(userId, [stream], (_, streams) =>
        {
            oldest = streams.Length >= _options.MaxStreamsPerUser ? streams[0] : null;
            return (oldest is null ? streams : streams.RemoveAt(0)).Add(stream);
        });
        Interlocked.Increment(ref _streams);
        if (oldest is not null)
        {
            Interlocked.Decrement(ref _streams); // taken out of the list above; its own Close finds nothing to remove
            oldest.End();
        }
        return stream;
    }

    /// <summary>
    /// The kept events for <paramref name="stream"/> after the one with id <paramref name="lastEventId"/>; every kept
    /// event for it when that id is not known here (older than the retention, or from before this process started):
    /// an event twice only asks a page to refresh twice, one lost leaves it stale.
    /// </summary>
    public IReadOnlyList<LiveEvent> After(string lastEventId, LiveStream stream)
    {
        lock (_gate)
        {
            var after = _positions.TryGetValue(lastEventId, out var position) ? position : 0;
            return [.. _kept.Where(k => k.Position > after && stream.Wants(k.Event)).Select(k => k.Event)];
        }
    }

    /// <summary>
    /// The kept events for <paramref name="stream"/> published at or after <paramref name="time"/> (less a second, for
    /// clocks apart): what happened between a page's render and its stream's first connect.
    /// </summary>
    public IReadOnlyList<LiveEvent> PublishedSince(DateTimeOffset time, LiveStream stream)
    {
        var from = time - TimeSpan.FromSeconds(1);
        lock (_gate)
        {
            return [.. _kept.Where(k => k.Event.PublishedAt >= from && stream.Wants(k.Event)).Select(k => k.Event)];
        }
    }

    private void Receive(LiveEvent liveEvent)
    {
        // The bus also carries what only the site itself reads (cache invalidations, ADR 040): never kept nor streamed.
        if (!LiveEventTypes.All.Contains(liveEvent.Type)) return;
        var now = _clock.GetUtcNow();
        // Kept and handed out under one lock, so every stream gets events in the order they are kept: a stream that
        // resumes after an event has had every event kept before it. Offer never blocks (a full stream just ends).
        lock (_gate)
        {
            if (_positions.ContainsKey(liveEvent.Id)) return; // the same event twice (a bus that repeats): once is enough
            var position = ++_position;
            _kept.Enqueue(new Kept(position, liveEvent, now));
            _positions[liveEvent.Id] = position;
            while (_kept.Count > 0 && (_kept.Count > MaxKept || _kept.Peek().At < now - _options.Retention))
                _positions.Remove(_kept.Dequeue().Event.Id);

            if (liveEvent.UserId is { } userId && _byUser.TryGetValue(userId, out var mine))
            {
                foreach (var stream in mine) stream.Offer(liveEvent);
            }
            if (liveEvent.OrganizationId is { } organizationId)
            {
                // Organization events are rare (media and content changes): every stream is asked, none is indexed by it.
                foreach (var (_, streams) in _byUser)
                {
                    foreach (var stream in streams)
                    {
                        if (stream.IsStaffOf(organizationId)) stream.Offer(liveEvent);
                    }
                }
            }
        }
    }

    internal void Close(LiveStream stream)
    {
        while (_byUser.TryGetValue(stream.UserId, out var streams))
        {
            var left = streams.Remove(stream);
            if (left.Length == streams.Length) return;
            if (left.IsEmpty ? _byUser.TryRemove(new KeyValuePair<Guid, ImmutableArray<LiveStream>>(stream.UserId, streams)) : _byUser.TryUpdate(stream.UserId, left, streams))
            {
                Interlocked.Decrement(ref _streams);
                return;
            }
        }
    }

    public void Dispose() => _subscription.Dispose();
}

/// <summary>One open <c>/events</c> response: the events waiting to be written to it.</summary>
public sealed class LiveStream : IDisposable
{
    /// <summary>Events waiting for a slow browser; one more ends the stream (it reconnects and resumes).</summary>
    public const int MaxWaiting = 256;

    private readonly LiveEventHub _hub;
    private readonly Channel<LiveEvent> _waiting = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(MaxWaiting)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the stream ends instead of losing events
    });
    private readonly IReadOnlySet<Guid> _staffOf; // as of the connect: a membership change ends the stream (EventsController)

    internal LiveStream(LiveEventHub hub, Guid userId, IReadOnlySet<Guid> staffOf)
    {
        _hub = hub;
        UserId = userId;
        _staffOf = staffOf;
    }

    public Guid UserId { get; }

    public ChannelReader<LiveEvent> Events => _waiting.Reader;

    public bool IsStaffOf(Guid organizationId) => _staffOf.Contains(organizationId);

    /// <summary>Whether <paramref name="liveEvent"/> is for this stream's user.</summary>
    public bool Wants(LiveEvent liveEvent) =>
        liveEvent.UserId == UserId || (liveEvent.OrganizationId is { } organizationId && IsStaffOf(organizationId));

    internal void Offer(LiveEvent liveEvent)
    {
        if (!_waiting.Writer.TryWrite(liveEvent)) End();
    }

    /// <summary>Ends the stream: its response finishes once what is waiting was written.</summary>
    public void End() => _waiting.Writer.TryComplete();

    public void Dispose()
    {
        End();
        _hub.Close(this);
    }
}
