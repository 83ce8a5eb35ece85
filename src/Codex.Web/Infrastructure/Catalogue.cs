using Codex.Contracts.Content;
using Codex.Contracts.Organizations;
using Codex.Web.Infrastructure.Workers;
using Microsoft.Extensions.Caching.Hybrid;

namespace Codex.Web.Infrastructure;

/// <summary>
/// The site's reads of public catalogue and organization data. Anonymous requests are served from a HybridCache
/// (the worker's answer does not depend on who asks); a signed-in request always asks the worker, since drafts and
/// bodies depend on the session. Entries carry <see cref="CacheTags"/>, removed by
/// <c>POST /internal/cache/invalidate</c> when a worker publishes content or changes an organization.
/// </summary>
public sealed class Catalogue(ContentClient content, OrganizationClient organizations, HybridCache cache, IHttpContextAccessor http)
{

    private static readonly HybridCacheEntryOptions Short = new() { Expiration = TimeSpan.FromSeconds(30), LocalCacheExpiration = TimeSpan.FromSeconds(30) };
    private static readonly HybridCacheEntryOptions Longer = new() { Expiration = TimeSpan.FromMinutes(5), LocalCacheExpiration = TimeSpan.FromMinutes(5) };

    // A session cookie, even one that no longer works, may change what a worker answers: ask the worker directly.
    private bool Anonymous => http.HttpContext is { } context
        && context.User.Identity?.IsAuthenticated != true && !context.Request.Cookies.ContainsKey(SessionCookie.Name);

    private ValueTask<T> ReadAsync<T>(string key, Func<CancellationToken, Task<T>> read, IEnumerable<string> tags, HybridCacheEntryOptions options, CancellationToken ct) =>
        Anonymous
            ? cache.GetOrCreateAsync(key, read, static (r, token) => new ValueTask<T>(r(token)), options, tags, ct)
            : new ValueTask<T>(read(ct));

    public ValueTask<PagedList<ContentDto>> ListContentAsync(ContentListQuery query, CancellationToken ct) =>
        ReadAsync("content:list:" + string.Join('&', query.ToParameters().Select(p => $"{p.Key}={p.Value}")),
            token => content.ListAsync(query, token), [CacheTags.Content], Short, ct);

    public ValueTask<ContentDto?> GetContentAsync(string organizationSlug, string slug, CancellationToken ct) =>
        ReadAsync($"content:slug:{organizationSlug}/{slug}", token => content.GetBySlugAsync(organizationSlug, slug, token),
            [CacheTags.Content, CacheTags.Organization(organizationSlug)], Short, ct);

    public ValueTask<OrganizationDto?> GetOrganizationAsync(string slug, CancellationToken ct) =>
        ReadAsync("org:slug:" + slug, token => organizations.GetBySlugAsync(slug, token), [CacheTags.Organization(slug), CacheTags.Organizations], Longer, ct);

    public ValueTask<OrganizationSettingsDto?> GetSettingsAsync(OrganizationDto organization, CancellationToken ct) =>
        ReadAsync("org:settings:" + organization.Id, token => organizations.GetSettingsAsync(organization.Id, token),
            [CacheTags.Organization(organization.Slug), CacheTags.Organizations], Longer, ct);

    /// <summary>
    /// A free item's streaming URL for anonymous visitors: the same for all of them, so it is shared for a minute
    /// (it stays valid for ten). Signed-in callers always get their own.
    /// </summary>
    public ValueTask<StreamingUrlDto> AnonymousStreamAsync(Guid contentId, Func<CancellationToken, Task<StreamingUrlDto>> read, CancellationToken ct) =>
        ReadAsync("stream:" + contentId, read, [CacheTags.Content], Short, ct);

    /// <summary>Every organization (for filters and the sitemap), up to the API's paging bound.</summary>
    public ValueTask<IReadOnlyList<OrganizationDto>> AllOrganizationsAsync(CancellationToken ct) =>
        cache.GetOrCreateAsync("org:all", async token =>
        {
            var all = new List<OrganizationDto>();
            for (var page = 1; page <= Paging.MaxPage; page++)
            {
                var batch = await organizations.ListAsync(page, Paging.MaxLimit, token);
                all.AddRange(batch.Items);
                if (page >= batch.Pagination.TotalPages) break;
            }
            return (IReadOnlyList<OrganizationDto>)all;
        }, Longer, [CacheTags.Organizations], ct);

    /// <summary>Removes every cached entry carrying one of <paramref name="tags"/>.</summary>
    public ValueTask InvalidateAsync(IEnumerable<string> tags, CancellationToken ct) => cache.RemoveByTagAsync(tags, ct);
}
