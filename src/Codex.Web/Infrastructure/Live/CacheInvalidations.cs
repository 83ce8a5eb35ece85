using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults.Live;
using Codex.Web.Infrastructure.Auth;
using Microsoft.Extensions.Caching.Hybrid;

namespace Codex.Web.Infrastructure.Live;

/// <summary>
/// Every site instance listens on the live-event bus for <see cref="LiveEventTypes.CacheInvalidated"/> (ADR 040) and drops
/// what it cached under those <see cref="CacheTags"/>: what it knows of the users (<see cref="UserInvalidations"/>,
/// which also ends their event streams), the catalogue's data, then the anonymous pages made of it. Each message is
/// applied before the bus hands on the next one, so an event a worker sends after its invalidation (library-changed
/// after a purchase) reaches a browser only once this instance has dropped the stale data it would re-read.
/// </summary>
public sealed class CacheInvalidations(ILiveEventBus bus, HybridCache cache, AnonymousPageCache pages, UserInvalidations users,
    ILogger<CacheInvalidations> logger) : IHostedService
{
    private const int MaxTags = 200;
    private const int MaxTagLength = 200;
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe(Receive);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void Receive(LiveEvent message)
    {
        if (message.Type != LiveEventTypes.CacheInvalidated) return;
        string[] tags;
        try
        {
            tags = [.. (JsonSerializer.Deserialize<string?[]>(message.Data) ?? [])
                .OfType<string>().Where(t => t.Length is > 0 and <= MaxTagLength).Take(MaxTags)];
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "A cache invalidation on the bus is not a list of tags");
            return;
        }
        if (tags.Length == 0) return;
        try
        {
            users.Dropped(tags);
            // The data first, then the pages made of it: a page rendered after this reads fresh data, and one whose
            // render began before is not stored (AnonymousPageCache's generation). Both caches live in this process's
            // memory, so this completes at once in practice; it is waited for to keep the bus's order.
            Wait(cache.RemoveByTagAsync(tags));
            Wait(pages.EvictAsync(tags, CancellationToken.None));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Dropping cached data for {Tags} failed", string.Join(", ", tags));
        }
    }

    private static void Wait(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
    }
}
