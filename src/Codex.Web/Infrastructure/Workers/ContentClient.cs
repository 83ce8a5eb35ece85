using Codex.Contracts.Content;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Content-API worker, as the site uses it: the catalogue, and access (streaming, progress, the library).</summary>
public sealed class ContentClient(HttpClient http) : WorkerClient(http, Role.ContentApi)
{
    /// <summary><c>GET /api/content</c>.</summary>
    public Task<PagedList<ContentDto>> ListAsync(ContentListQuery query, CancellationToken ct) =>
        GetAsync<PagedList<ContentDto>>(Request(CallBudget.Read, ContentRoutes.Catalogue).SetQueryParams(query.ToParameters()), ct);

    /// <summary><c>GET /api/content/slug/:slug?organizationSlug=</c>; null when it does not exist or the caller may not see it.</summary>
    public async Task<ContentDto?> GetBySlugAsync(string organizationSlug, string slug, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<ContentDto>>(
            Request(CallBudget.Read, ContentRoutes.BySlug, slug).SetQueryParam("organizationSlug", organizationSlug), ct))?.Data;

    /// <summary><c>GET /api/content/:id</c>; null when it does not exist or the caller may not see it.</summary>
    public async Task<ContentDto?> GetAsync(Guid id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<ContentDto>>(Request(CallBudget.Read, ContentRoutes.ById, id), ct))?.Data;

    /// <summary>A signed streaming URL; a <see cref="WorkerCallException"/> says why not (401, 403, 404, 422).</summary>
    public async Task<StreamingUrlDto> StreamingUrlAsync(Guid contentId, CancellationToken ct) =>
        (await GetAsync<DataEnvelope<StreamingUrlDto>>(Request(CallBudget.Read, ContentRoutes.Stream, contentId), ct)).Data;

    public async Task<PlaybackProgressDto?> ProgressAsync(Guid contentId, CancellationToken ct) =>
        (await GetAsync<DataEnvelope<ProgressDto>>(Request(CallBudget.Read, ContentRoutes.Progress, contentId), ct)).Data.Progress;

    /// <summary>Saves a position (a write the worker overwrites, so a lost answer is not retried: the player saves again soon).</summary>
    public Task SaveProgressAsync(Guid contentId, SaveProgressRequest request, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, ContentRoutes.Progress, contentId).PostJsonAsync(request, cancellationToken: token), ct);

    public Task<PagedList<LibraryItemDto>> LibraryAsync(LibraryQuery query, CancellationToken ct) =>
        GetAsync<PagedList<LibraryItemDto>>(Request(CallBudget.Read, ContentRoutes.Library).SetQueryParams(query.ToParameters()), ct);
}
