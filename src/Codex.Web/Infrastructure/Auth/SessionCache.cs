using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Hybrid;

namespace Codex.Web.Infrastructure.Auth;

/// <summary>Section <c>Site</c>: how long the site keeps what the workers told it about a user.</summary>
public sealed class SiteAuthOptions
{
    public const string Section = "Site";

    /// <summary>
    /// A resolved session cookie. Short, and dropped at once when the session ends through the site (sign-out) or
    /// a worker says the user's sessions changed (password reset, disabling): see <c>CacheTags.User</c>.
    /// </summary>
    public TimeSpan SessionCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The user's organizations and roles, for the organization policies.</summary>
    public TimeSpan MembershipCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The user's own worker data (their library, progress, streaming URLs, items as they see them), in this site's
    /// memory only; zero keeps nothing. Dropped at once when it changes: see <c>UserDataCache</c>.
    /// </summary>
    public TimeSpan UserDataCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these settings, one sentence each.</summary>
    public IEnumerable<string> Problems() =>
        Codex.ServiceDefaults.Settings.Positive($"{Section}__{nameof(SessionCacheDuration)}", SessionCacheDuration)
            .Concat(Codex.ServiceDefaults.Settings.Positive($"{Section}__{nameof(MembershipCacheDuration)}", MembershipCacheDuration))
            .Concat(UserDataCacheDuration < TimeSpan.Zero
                ? [$"{Section}__{nameof(UserDataCacheDuration)} is {UserDataCacheDuration}; it must be zero (off) or a positive time such as 00:00:30."]
                : []);
}

/// <summary>
/// When each user's cached data was last dropped (<c>CacheTags.User</c>). A lookup that began before the drop must not
/// write its now-stale answer back after it, which the cache's own tags cannot prevent (they only drop what exists).
/// </summary>
public sealed class UserInvalidations(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, long> _dropped = new();
    private readonly ConcurrentDictionary<Guid, long> _dataDropped = new();
    private long _contentDropped = long.MinValue;

    /// <summary>A timestamp to pass to <see cref="DroppedSince"/> after a lookup.</summary>
    public long Now() => clock.GetTimestamp();

    /// <summary>Everything the site holds about the user was dropped (<c>CacheTags.User</c>).</summary>
    public void Dropped(Guid userId) => Record(_dropped, userId);

    /// <summary>The user's own data, not their session, was dropped (<c>CacheTags.UserData</c>).</summary>
    public void DataDropped(Guid userId) => Record(_dataDropped, userId);

    /// <summary>Records the drops that <paramref name="tags"/> (of an invalidation) mean: users, their data, the catalogue.</summary>
    public void Dropped(IEnumerable<string> tags)
    {
        foreach (var tag in tags)
        {
            if (CacheTags.UserOf(tag) is { } user) Dropped(user);
            else if (CacheTags.UserDataOf(tag) is { } data) DataDropped(data);
            else if (tag == CacheTags.Content) Volatile.Write(ref _contentDropped, clock.GetTimestamp());
        }
    }

    /// <summary>Whether the user's data was dropped after <paramref name="timestamp"/> (from <see cref="Now"/>).</summary>
    public bool DroppedSince(Guid userId, long timestamp) => _dropped.TryGetValue(userId, out var at) && at >= timestamp;

    /// <summary>
    /// Whether what a user sees of the catalogue (their library, progress, access) may have changed after
    /// <paramref name="timestamp"/>: the user, their data or the whole catalogue was dropped since.
    /// </summary>
    public bool DataDroppedSince(Guid userId, long timestamp) =>
        DroppedSince(userId, timestamp) || (_dataDropped.TryGetValue(userId, out var at) && at >= timestamp)
        || Volatile.Read(ref _contentDropped) >= timestamp;

    private void Record(ConcurrentDictionary<Guid, long> drops, Guid userId)
    {
        drops[userId] = clock.GetTimestamp();
        // Only drops newer than the longest cache time matter; forget the rest now and then.
        if (drops.Count > 10_000)
        {
            var cutoff = clock.GetTimestamp() - clock.TimestampFrequency * 600;
            foreach (var (id, at) in drops) if (at < cutoff) drops.TryRemove(id, out _);
        }
    }
}

/// <summary>
/// The site's brief memory of session cookies it resolved through the Auth worker, keyed by the token's hash (the
/// token itself is never a key) and tagged with the user, so one call drops every session of a user.
/// </summary>
public sealed class SessionCache(HybridCache cache, SiteAuthOptions options, TimeProvider clock, UserInvalidations invalidations)
{
    private static readonly HybridCacheEntryOptions Lookup = new() { Flags = HybridCacheEntryFlags.DisableUnderlyingData };

    /// <summary>The user of <paramref name="token"/> if it was resolved recently, else null.</summary>
    public ValueTask<SignedInUser?> GetAsync(string token, CancellationToken ct) =>
        cache.GetOrCreateAsync<SignedInUser?>(Key(token), _ => ValueTask.FromResult<SignedInUser?>(null), Lookup, cancellationToken: ct);

    /// <summary>Keeps what a lookup begun at <paramref name="lookupStarted"/> found, unless the user's data was dropped meanwhile.</summary>
    public ValueTask SetAsync(string token, SignedInUser user, long lookupStarted, CancellationToken ct)
    {
        if (invalidations.DroppedSince(user.Id, lookupStarted)) return ValueTask.CompletedTask;
        var lifetime = TimeSpan.FromTicks(Math.Min(options.SessionCacheDuration.Ticks, Math.Max(0, (user.SessionExpiresAt - clock.GetUtcNow()).Ticks)));
        if (lifetime <= TimeSpan.Zero) return ValueTask.CompletedTask;
        return cache.SetAsync(Key(token), user, new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime },
            [CacheTags.User(user.Id)], ct);
    }

    /// <summary>Forgets one cookie (this browser signed out).</summary>
    public ValueTask ForgetAsync(string token, CancellationToken ct) => cache.RemoveAsync(Key(token), ct);

    private static string Key(string token) => "session:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
