using System.Net.Http.Json;
using Codex.Contracts.Notifications;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Tells the site that public data changed (an organization's profile or settings; later, published content), so
/// its cache of anonymous reads drops it at once. Best effort: the site's entries also expire within minutes, so a
/// failed call is logged, never an error for the caller who made the change.
/// </summary>
public sealed class SiteCache(HttpClient http, IConfiguration config, ILogger<SiteCache> logger)
{
    /// <summary>Where workers reach the site: <c>Codex:SiteUrl</c>, else the public URL.</summary>
    public static Uri BaseAddress(IConfiguration config) =>
        new(config["Codex:SiteUrl"] is { Length: > 0 } site ? site
            : config["Codex:PublicUrl"] is { Length: > 0 } publicUrl ? publicUrl : "http://localhost:5000");

    public async Task InvalidateAsync(IEnumerable<string> tags, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/cache/invalidate")
            {
                Content = JsonContent.Create(new { tags = tags.ToArray() }),
            };
            request.Headers.Add(InternalAuth.Header, config[InternalKey.Setting] ?? "");
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("The site refused a cache invalidation: {Status}", (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The site could not be told to drop cached data");
        }
    }

    /// <summary>The site's cache tags of an organization (<c>Catalogue.Tags</c> on the site).</summary>
    public static string[] OrganizationTags(params string[] slugs) => [.. slugs.Distinct().Select(s => "org:" + s), "organizations"];
}
