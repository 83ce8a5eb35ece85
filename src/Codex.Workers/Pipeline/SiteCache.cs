using System.Net.Http.Json;
using Codex.Contracts.Notifications;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Tells the site that data it caches changed (<see cref="CacheTags"/>: the catalogue, an organization, what it holds
/// about a user), so it drops it at once. Best effort: the site's entries also expire on their own within minutes and
/// every worker checks the session itself, so a failed call is logged, never an error for the caller.
/// </summary>
public sealed class SiteCache(HttpClient http, CodexOptions codex, ILogger<SiteCache> logger)
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

    /// <summary>A user's sessions or memberships changed: the site forgets what it cached about them.</summary>
    public Task InvalidateUserAsync(Guid userId, CancellationToken ct) => InvalidateAsync([CacheTags.User(userId)], ct);
}
