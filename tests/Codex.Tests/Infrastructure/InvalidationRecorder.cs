using System.Collections.Concurrent;
using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults.Live;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// Listens on a system's live-event bus as a site instance does (ADR 040) and records every cache tag the workers tell
/// the site instances to drop, so a test can see that a worker told them, on SQLite (in process) and on PostgreSQL
/// (<c>LISTEN/NOTIFY</c>, where messages arrive a moment later: <see cref="TagsAsync"/> waits for them).
/// </summary>
public sealed class InvalidationRecorder : IDisposable
{
    private readonly ILiveEventBus _bus;
    private readonly ConcurrentQueue<string> _tags = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _markers = new();
    private IDisposable? _subscription;

    private InvalidationRecorder(ILiveEventBus bus) => _bus = bus;

    public static async Task<InvalidationRecorder> StartAsync(ILiveEventBus bus)
    {
        var recorder = new InvalidationRecorder(bus);
        recorder._subscription = bus.Subscribe(recorder.Receive);
        if (bus is PostgresLiveEventBus postgres) await postgres.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        return recorder;
    }

    /// <summary>
    /// Every tag received so far, in order, once everything published before this call has arrived: a marker is sent
    /// on the bus behind it, and the bus keeps the order.
    /// </summary>
    public async Task<IReadOnlyList<string>> TagsAsync()
    {
        var marker = "marker:" + Guid.NewGuid().ToString("N");
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _markers[marker] = arrived;
        await _bus.PublishAsync(LiveEvent.Create(LiveEventTypes.CacheInvalidated, null, null, JsonSerializer.Serialize(new[] { marker })), CancellationToken.None);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return [.. _tags];
    }

    private void Receive(LiveEvent message)
    {
        if (message.Type != LiveEventTypes.CacheInvalidated) return;
        foreach (var tag in JsonSerializer.Deserialize<string[]>(message.Data) ?? [])
        {
            if (_markers.TryRemove(tag, out var marker)) marker.TrySetResult();
            else _tags.Enqueue(tag);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
