using System.Collections.Concurrent;
using System.Diagnostics;

namespace Codex.Workers.Pipeline;

/// <summary><c>Sessions__WorkerCacheSeconds</c>: how long a worker may reuse a resolved session (ADR 025).</summary>
public sealed class SessionCacheOptions
{
    public const string Section = "Sessions";

    /// <summary>Seconds a resolved session is reused without reading the database; 0 turns the cache off.</summary>
    public int WorkerCacheSeconds { get; set; } = 30;

    public IEnumerable<string> Problems()
    {
        if (WorkerCacheSeconds is < 0 or > 300)
            yield return $"Sessions__WorkerCacheSeconds is {WorkerCacheSeconds}; it must be between 0 (off) and 300.";
    }
}

/// <summary>
/// Resolved sessions (<see cref="SessionUser"/> by token hash), kept briefly so that a signed-in page's worker calls do
/// not each read the sessions and users tables (ADR 025). One object is shared by every worker app of one
/// <c>CodexSystem</c>; each app that is started alone gets its own, switched off (<see cref="Lifetime"/> zero).
/// <para>
/// Whatever ends a user's sessions or changes what <see cref="SessionUser"/> carries calls <see cref="Revoke"/> (through
/// <see cref="SiteCache.InvalidateUserAsync"/>) AFTER its change is committed: every entry of that user is dropped, and
/// a lookup that was under way meanwhile (it read its counter before the revocation) does not write its answer back,
/// so the very next call reads the database. An entry never outlives the session's <c>ExpiresAt</c>.
/// </para>
/// </summary>
public sealed class WorkerSessionCache(TimeSpan lifetime)
{
    /// <summary>The roles whose routes end sessions or change users: the cache is shared only when all run in one process.</summary>
    public static readonly Role[] RolesThatChangeUsers = [Role.Auth, Role.OrganizationApi, Role.AdminApi, Role.IdentityApi];

    /// <summary>Past this many entries, expired ones are swept (and, should that not be enough, all are dropped).</summary>
    private const int SweepAbove = 50_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Revocation> _revoked = new();
    private long _version;
    private long _nextSweep;

    public TimeSpan Lifetime { get; } = lifetime < TimeSpan.Zero ? TimeSpan.Zero : lifetime;

    public bool Enabled => Lifetime > TimeSpan.Zero;

    /// <summary>A cache that keeps nothing (a worker started alone, or <c>Sessions__WorkerCacheSeconds=0</c>).</summary>
    public static WorkerSessionCache Off() => new(TimeSpan.Zero);

    /// <summary>The shared cache for a system running <paramref name="roles"/>, or one that is off.</summary>
    public static WorkerSessionCache For(IEnumerable<Role> roles, SessionCacheOptions options) =>
        RolesThatChangeUsers.All(roles.Contains) ? new(TimeSpan.FromSeconds(options.WorkerCacheSeconds)) : Off();

    /// <summary>Read before a lookup, and handed to <see cref="Store"/> with its answer.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The cached caller of <paramref name="tokenHash"/>, while fresh, unrevoked and before the session expires.</summary>
    public SessionUser? Find(string tokenHash, DateTimeOffset now)
    {
        if (!Enabled || !_entries.TryGetValue(tokenHash, out var entry)) return null;
        if (entry.Until > Stopwatch.GetTimestamp() && entry.User.SessionExpiresAt > now && !IsRevoked(entry.User.Id, entry.Version))
            return entry.User;
        _entries.TryRemove(new KeyValuePair<string, Entry>(tokenHash, entry));
        return null;
    }

    /// <summary>Keeps what a lookup that began at <paramref name="version"/> found, unless the user was revoked since.</summary>
    public void Store(string tokenHash, SessionUser user, long version)
    {
        if (!Enabled || IsRevoked(user.Id, version)) return;
        var now = Stopwatch.GetTimestamp();
        if (_entries.Count >= SweepAbove && now >= Interlocked.Read(ref _nextSweep)) Sweep(now);
        _entries[tokenHash] = new Entry(user, version, now + Ticks(Lifetime));
        // A revocation that came between the check and the write: drop what was just written.
        if (IsRevoked(user.Id, version)) _entries.TryRemove(tokenHash, out _);
    }

    /// <summary>
    /// Forgets every session of <paramref name="userId"/> and refuses answers of lookups already under way. Call it once
    /// the change (sessions ended, the user changed) is committed.
    /// </summary>
    public void Revoke(Guid userId)
    {
        if (!Enabled) return;
        var version = Interlocked.Increment(ref _version);
        var revocation = new Revocation(version, Stopwatch.GetTimestamp());
        _revoked.AddOrUpdate(userId, revocation, (_, old) => old.Version > version ? old : revocation);
        // Revocations are kept only as long as entries made before them can live; swept here too, so that a process
        // with few cached sessions and many revocations (sign-outs, membership changes) does not keep every one.
        var now = Stopwatch.GetTimestamp();
        if (_revoked.Count >= SweepAbove && now >= Interlocked.Read(ref _nextSweep)) Sweep(now);
    }

    private bool IsRevoked(Guid userId, long version) => _revoked.TryGetValue(userId, out var r) && version < r.Version;

    private void Sweep(long now)
    {
        Interlocked.Exchange(ref _nextSweep, now + Ticks(TimeSpan.FromSeconds(1)));
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now || IsRevoked(entry.User.Id, entry.Version)) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
        // A revocation matters only to entries made before it, and those have expired a lifetime later.
        var forgotten = now - Ticks(Lifetime) - Ticks(TimeSpan.FromSeconds(1));
        foreach (var (userId, revocation) in _revoked)
        {
            if (revocation.At < forgotten) _revoked.TryRemove(new KeyValuePair<Guid, Revocation>(userId, revocation));
        }
        if (_entries.Count >= SweepAbove) _entries.Clear(); // all fresh: a flood of sessions; the database answers again
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed record Entry(SessionUser User, long Version, long Until);

    private readonly record struct Revocation(long Version, long At);
}
