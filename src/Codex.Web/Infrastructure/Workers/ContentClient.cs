using Codex.Contracts;
using Codex.Contracts.Content;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Content-API worker, as the site uses it.</summary>
public sealed class ContentClient(HttpClient http) : WorkerClient(http, "content-api")
{
    /// <summary><c>GET /api/content</c>.</summary>
    public Task<PagedList<ContentDto>> ListAsync(ContentListQuery query, CancellationToken ct) =>
        GetAsync<PagedList<ContentDto>>(Flurl.Request("api", "content").SetQueryParams(query.ToParameters()), ct);

    /// <summary><c>GET /api/content/slug/:slug?organizationSlug=</c>; null when it does not exist or the caller may not see it.</summary>
    public async Task<ContentDto?> GetBySlugAsync(string organizationSlug, string slug, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<ContentDto>>(
            Flurl.Request("api", "content", "slug", slug).SetQueryParam("organizationSlug", organizationSlug), ct))?.Data;

    /// <summary><c>GET /api/content/:id</c>; null when it does not exist or the caller may not see it.</summary>
    public async Task<ContentDto?> GetAsync(Guid id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<ContentDto>>(Flurl.Request("api", "content", id), ct))?.Data;
}
