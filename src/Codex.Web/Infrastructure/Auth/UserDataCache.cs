using System.ComponentModel;
using Codex.Web.Infrastructure.Workers;
using Microsoft.Extensions.Caching.Hybrid;

namespace Codex.Web.Infrastructure.Auth;

/// <summary>
/// A signed-in user's own worker data (their library, their progress and streaming URL for an item, an item as they
/// see it), kept briefly (<see cref="SiteAuthOptions.UserDataCacheDuration"/>) in this site's own memory: never in a
/// distributed cache, never as HTML. Keyed by the user's id from the authenticated principal (never by the cookie),
/// so a browser whose session ended can never be served it. Every entry carries <c>CacheTags.User</c> (sessions or
/// memberships changed), <c>CacheTags.UserData</c> (a progress save through this site) and what else it depends on
/// (<c>CacheTags.Content</c>: the catalogue or a purchase changed); a read that was under way when one of them was
/// dropped is used once and not kept (<see cref="UserInvalidations"/>). Failures are never kept.
/// </summary>
public sealed class UserDataCache(HybridCache cache, SiteAuthOptions options, UserInvalidations invalidations)
{
    private const HybridCacheEntryFlags LocalOnly = HybridCacheEntryFlags.DisableDistributedCache;
    private static readonly HybridCacheEntryOptions Lookup = new() { Flags = HybridCacheEntryFlags.DisableUnderlyingData | LocalOnly };

    /// <summary>Whether anything is kept (the setting is not zero).</summary>
    public bool Enabled => options.UserDataCacheDuration > TimeSpan.Zero;

    /// <summary>
    /// <paramref name="userId"/>'s value under <paramref name="key"/> if it was read moments ago, else
    /// <paramref name="read"/>'s answer, kept for the configured time or <paramref name="keepAtMost"/> of it, whichever
    /// is shorter (a signed URL must keep most of its life). With <paramref name="keepRefusals"/>, a refusal that
    /// asking again would not change (403 no access, 404, 422 not ready) is kept too, and thrown again on a hit; what
    /// would change it (a purchase, a membership, the item) drops it.
    /// </summary>
    public async Task<T> GetOrReadAsync<T>(Guid userId, string key, Func<CancellationToken, Task<T>> read, IEnumerable<string> tags,
        CancellationToken ct, Func<T, TimeSpan>? keepAtMost = null, bool keepRefusals = false)
    {
        if (!Enabled) return await read(ct);
        var entryKey = Key(userId, key);
        if (await cache.GetOrCreateAsync<Entry<T>?>(entryKey, static _ => ValueTask.FromResult<Entry<T>?>(null), Lookup, cancellationToken: ct) is { } hit)
            return hit.Refusal is { } refused ? throw new WorkerCallException(refused.Status, refused.Error) : hit.Value;

        var started = invalidations.Now();
        Entry<T> entry;
        try
        {
            entry = new Entry<T>(await read(ct), null);
        }
        catch (WorkerCallException e) when (keepRefusals && e.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound
            or StatusCodes.Status422UnprocessableEntity)
        {
            await KeepAsync(userId, entryKey, new Entry<T>(default!, e), options.UserDataCacheDuration, started, tags, ct);
            throw;
        }
        var lifetime = options.UserDataCacheDuration;
        if (keepAtMost?.Invoke(entry.Value) is { } cap && cap < lifetime) lifetime = cap;
        await KeepAsync(userId, entryKey, entry, lifetime, started, tags, ct);
        return entry.Value;
    }

    /// <summary>Forgets <paramref name="userId"/>'s data (not their session) at once: they changed it through this site.</summary>
    public async ValueTask ForgetAsync(Guid userId, CancellationToken ct)
    {
        invalidations.DataDropped(userId);
        await cache.RemoveByTagAsync(CacheTags.UserData(userId), ct);
    }

    private async ValueTask KeepAsync<T>(Guid userId, string entryKey, Entry<T> entry, TimeSpan lifetime, long started,
        IEnumerable<string> tags, CancellationToken ct)
    {
        if (lifetime <= TimeSpan.Zero || invalidations.DataDroppedSince(userId, started)) return;
        await cache.SetAsync(entryKey, entry,
            new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime, Flags = LocalOnly },
            [CacheTags.User(userId), CacheTags.UserData(userId), .. tags], ct);
        // A drop that came between the check above and the write would have found nothing to remove: look again.
        if (invalidations.DataDroppedSince(userId, started)) await cache.RemoveAsync(entryKey, ct);
    }

    private static string Key(Guid userId, string key) => $"user-data:{userId:D}:{key}";

    /// <summary>
    /// The cached answer (or refusal), wrapped so that a null answer (no progress, a 404) is kept too, and marked immutable so the
    /// cache hands out the instance it holds instead of a deserialized copy on every hit (nothing changes a DTO).
    /// </summary>
    [ImmutableObject(true)]
    private sealed class Entry<T>(T value, WorkerCallException? refusal)
    {
        public T Value { get; } = value;
        public WorkerCallException? Refusal { get; } = refusal;
    }
}
