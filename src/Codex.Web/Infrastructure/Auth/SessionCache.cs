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

    /// <summary>What is wrong with these settings, one sentence each.</summary>
    public IEnumerable<string> Problems() =>
        Codex.ServiceDefaults.Settings.Positive($"{Section}__{nameof(SessionCacheDuration)}", SessionCacheDuration)
            .Concat(Codex.ServiceDefaults.Settings.Positive($"{Section}__{nameof(MembershipCacheDuration)}", MembershipCacheDuration));
}

/// <summary>
/// When each user's cached data was last dropped (<c>CacheTags.User</c>). A lookup that began before the drop must not
/// write its now-stale answer back after it, which the cache's own tags cannot prevent (they only drop what exists).
/// </summary>
public sealed class UserInvalidations(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, long> _dropped = new();

    /// <summary>A timestamp to pass to <see cref="DroppedSince"/> after a lookup.</summary>
    public long Now() => clock.GetTimestamp();

    public void Dropped(Guid userId)
    {
        _dropped[userId] = clock.GetTimestamp();
        // Only drops newer than the longest cache time matter; forget the rest now and then.
        if (_dropped.Count > 10_000)
        {
            var cutoff = clock.GetTimestamp() - clock.TimestampFrequency * 600;
            foreach (var (id, at) in _dropped) if (at < cutoff) _dropped.TryRemove(id, out _);
        }
    }

    /// <summary>Whether the user's data was dropped after <paramref name="timestamp"/> (from <see cref="Now"/>).</summary>
    public bool DroppedSince(Guid userId, long timestamp) => _dropped.TryGetValue(userId, out var at) && at >= timestamp;
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
