using Codex.Contracts.Content;
using Codex.Contracts.Organizations;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;
using Microsoft.Extensions.Caching.Hybrid;

namespace Codex.Web.Infrastructure;

/// <summary>
/// The site's reads of public catalogue and organization data, from a HybridCache shared by every visitor, tagged with
/// <see cref="CacheTags"/> that <see cref="Live.CacheInvalidations"/> removes when a worker publishes content or
/// changes an organization. What a worker answers the same to everyone (organizations, their settings, the published
/// catalogue) is shared with signed-in visitors too, always fetched as nobody (<see cref="SharedRead"/>). An item by
/// slug depends on who asks (drafts for its team, the body of written content for those with access, items of a
/// deleted organization for buyers): a signed-in visitor gets the shared answer where theirs cannot differ from it on
/// the page, and otherwise their own, kept briefly per user (<see cref="UserDataCache"/>).
/// </summary>
public sealed class Catalogue(ContentClient content, OrganizationClient organizations, HybridCache cache, UserDataCache userData,
    IHttpContextAccessor http)
{

    private static readonly HybridCacheEntryOptions Short = new() { Expiration = TimeSpan.FromSeconds(30), LocalCacheExpiration = TimeSpan.FromSeconds(30) };
    private static readonly HybridCacheEntryOptions Longer = new() { Expiration = TimeSpan.FromMinutes(5), LocalCacheExpiration = TimeSpan.FromMinutes(5) };

    /// <summary>A read whose answer is the same for everyone: one entry for all visitors, filled as nobody.</summary>
    private async ValueTask<T> SharedAsync<T>(string key, Func<CancellationToken, Task<T>> read, IEnumerable<string> tags, HybridCacheEntryOptions options, CancellationToken ct) =>
        (await cache.GetOrCreateAsync(key, read, static async (r, token) => new Shared<T>(await SharedRead.RunAsync(r, token)), options, tags, ct)).Value;

    /// <summary>
    /// A shared answer as the cache keeps it: sealed and marked immutable, so every hit gets the instance the cache
    /// holds rather than a copy deserialized for it (nothing changes a DTO; pages build new ones with <c>with</c>).
    /// </summary>
    [System.ComponentModel.ImmutableObject(true)]
    private sealed record Shared<T>(T Value);

    public ValueTask<PagedList<ContentDto>> ListContentAsync(ContentListQuery query, CancellationToken ct) =>
        query.Scope is not null // the caller's own items: never shared
            ? new ValueTask<PagedList<ContentDto>>(content.ListAsync(query, ct))
            : SharedAsync("content:list:" + string.Join('&', query.ToParameters().Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")),
                token => content.ListAsync(query, token), [CacheTags.Content], Short, ct);

    /// <summary>
    /// An item by slug as the caller may see it. For a signed-in caller, the shared (anonymous) answer when there is
    /// one and theirs differs from it in nothing the site shows: a published item is visible to everyone, and only the
    /// body of written content that is not free depends on access (the site shows no other body). Otherwise theirs.
    /// </summary>
    public async ValueTask<ContentDto?> GetContentAsync(string organizationSlug, string slug, CancellationToken ct)
    {
        string[] tags = [CacheTags.Content, CacheTags.Organization(organizationSlug)];
        var context = http.HttpContext;
        // A session that could not be checked (Auth down) is neither a user nor nobody: the worker decides.
        if (context?.SessionUnknown() == true) return await content.GetBySlugAsync(organizationSlug, slug, ct);
        var shared = await SharedAsync($"content:slug:{organizationSlug}/{slug}", token => content.GetBySlugAsync(organizationSlug, slug, token),
            tags, Short, ct);
        if (context?.User.UserId() is not { } userId) return shared;
        if (shared is not null && (shared.ContentType != ContentType.Written || shared.AccessType == AccessType.Free)) return shared;
        return await userData.GetOrReadAsync(userId, $"content:slug:{organizationSlug}/{slug}",
            token => content.GetBySlugAsync(organizationSlug, slug, token), tags, ct);
    }

    public ValueTask<OrganizationDto?> GetOrganizationAsync(string slug, CancellationToken ct) =>
        SharedAsync("org:slug:" + slug, token => organizations.GetBySlugAsync(slug, token), [CacheTags.Organization(slug), CacheTags.Organizations], Longer, ct);

    /// <summary>An organization's public settings (branding, features), by its id and slug (for the tag).</summary>
    public ValueTask<OrganizationSettingsDto?> GetSettingsAsync(Guid organizationId, string organizationSlug, CancellationToken ct) =>
        SharedAsync("org:settings:" + organizationId, token => organizations.GetSettingsAsync(organizationId, token),
            [CacheTags.Organization(organizationSlug), CacheTags.Organizations], Longer, ct);

    public ValueTask<OrganizationSettingsDto?> GetSettingsAsync(OrganizationDto organization, CancellationToken ct) =>
        GetSettingsAsync(organization.Id, organization.Slug, ct);

    /// <summary>
    /// A free item's streaming URL for anonymous visitors: the same for all of them, so it is shared for a minute
    /// (it stays valid for ten). Signed-in callers get their own (<see cref="UserDataCache"/>).
    /// </summary>
    public ValueTask<StreamingUrlDto> AnonymousStreamAsync(Guid contentId, Func<CancellationToken, Task<StreamingUrlDto>> read, CancellationToken ct) =>
        SharedAsync("stream:" + contentId, read, [CacheTags.Content], Short, ct);

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
}
