using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults.Live;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Tells every site instance that data it caches changed (<see cref="CacheTags"/>: the catalogue, an organization, what
/// it holds about a user), so each drops it at once: a <see cref="LiveEventTypes.CacheInvalidated"/> message on the
/// live-event bus (ADR 040), PostgreSQL <c>LISTEN/NOTIFY</c> on PostgreSQL, in process otherwise. No site URL is
/// called: however many instances run, each hears the bus. Best effort: the site's entries also expire on their own
/// within minutes and every worker checks the session itself, so a failed publish is logged, never an error for the caller.
/// </summary>
public sealed class SiteCache(ILiveEventBus bus, WorkerSessionCache sessions, ILogger<SiteCache> logger)
{
    /// <summary>Tags per message: a NOTIFY payload must stay under 8000 bytes, and a user's tag is about 45 bytes.</summary>
    public const int TagsPerMessage = 100;

    public async Task InvalidateAsync(IEnumerable<string> tags, CancellationToken ct)
    {
        foreach (var chunk in tags.Distinct(StringComparer.Ordinal).Chunk(TagsPerMessage))
        {
            var message = LiveEvent.Create(LiveEventTypes.CacheInvalidated, null, null, JsonSerializer.Serialize(chunk));
            try
            {
                await bus.PublishAsync(message, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "The site instances could not be told to drop cached data ({Tags})", string.Join(", ", chunk));
            }
        }
    }

    /// <summary>
    /// A user's sessions, account or memberships changed (call it once the change is committed): the workers of this
    /// process forget the user's resolved sessions at once (<see cref="WorkerSessionCache"/>), and the site what it
    /// cached about them.
    /// </summary>
    public Task InvalidateUserAsync(Guid userId, CancellationToken ct)
    {
        sessions.Revoke(userId);
        return InvalidateAsync([CacheTags.User(userId)], ct);
    }

    /// <summary>
    /// Someone joined or left an organization (call it once the change is committed): what the site holds about them, as
    /// <see cref="InvalidateUserAsync"/>, and the organization's space, whose member count changed (ADR 035).
    /// </summary>
    public Task InvalidateMemberAsync(Guid userId, string? organizationSlug, CancellationToken ct)
    {
        sessions.Revoke(userId);
        return InvalidateAsync(organizationSlug is null ? [CacheTags.User(userId)] : [CacheTags.User(userId), CacheTags.Organization(organizationSlug)], ct);
    }

    /// <summary>
    /// A content item of the organization <paramref name="organizationSlug"/> changed: the catalogue, the organization's
    /// space and the sitemap when the change touches what the public sees (<paramref name="wasPublic"/>: the item is, or
    /// was once, published); for a draft only the organization's entries, where the site keeps the draft as each of its
    /// team saw it (ADR 026). The studio's changes and the platform admin's moderation both come here.
    /// </summary>
    public Task InvalidateContentAsync(string organizationSlug, bool wasPublic, CancellationToken ct) =>
        InvalidateAsync(wasPublic ? [CacheTags.Content, CacheTags.Organization(organizationSlug)] : [CacheTags.Organization(organizationSlug)], ct);

    /// <summary>A purchase of <paramref name="buyers"/> changed state: their library and access, and the catalogue's counts.</summary>
    public Task InvalidatePurchasesAsync(IEnumerable<Guid> buyers, CancellationToken ct) =>
        InvalidateAsync([CacheTags.Content, .. buyers.Distinct().Select(CacheTags.User)], ct);
}
