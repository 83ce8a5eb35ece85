using System.Net.Http.Json;
using Codex.Contracts.Notifications;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Tells the site that data it caches changed (<see cref="CacheTags"/>: the catalogue, an organization, what it holds
/// about a user), so it drops it at once. Best effort: the site's entries also expire on their own within minutes and
/// every worker checks the session itself, so a failed call is logged, never an error for the caller.
/// </summary>
public sealed class SiteCache(HttpClient http, CodexOptions codex, WorkerSessionCache sessions, ILogger<SiteCache> logger)
{
    public async Task InvalidateAsync(IEnumerable<string> tags, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SiteRoutes.CacheInvalidate)
            {
                Content = JsonContent.Create(new { tags = tags.ToArray() }),
            };
            request.Headers.Add(InternalAuth.Header, codex.InternalKey ?? "");
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("The site refused a cache invalidation: {Status}", (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The site could not be told to drop cached data");
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
