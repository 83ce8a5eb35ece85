using Codex.Contracts.Content;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>
/// The Content-API worker, as the site uses it: the catalogue, access (streaming, progress, the library), and the
/// studio's management of an organization's content.
/// </summary>
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

    /// <summary><c>GET /api/access/user/owned</c>: the ids of the items the caller owns (ADR 033).</summary>
    public async Task<OwnedContentDto> OwnedAsync(CancellationToken ct) =>
        (await GetAsync<DataEnvelope<OwnedContentDto>>(Request(CallBudget.Read, ContentRoutes.Owned), ct)).Data;

    public Task<PagedList<LibraryItemDto>> LibraryAsync(LibraryQuery query, CancellationToken ct) =>
        GetAsync<PagedList<LibraryItemDto>>(Request(CallBudget.Read, ContentRoutes.Library).SetQueryParams(query.ToParameters()), ct);

    /// <summary><c>POST /api/content</c>: a new draft. A refusal (400 fields, 409 <c>SLUG_TAKEN</c>) is a <see cref="WorkerCallException"/>.</summary>
    public async Task<ContentDto> CreateAsync(CreateContentRequest request, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, ContentRoutes.Catalogue).PostJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<ContentDto>>(), ct)).Data;

    /// <summary><c>PATCH /api/content/:id</c>: only the fields set in <paramref name="request"/> change.</summary>
    public async Task<ContentDto> UpdateAsync(Guid id, UpdateContentRequest request, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, ContentRoutes.ById, id).PatchJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<ContentDto>>(), ct)).Data;

    /// <summary><c>POST /api/content/:id/publish</c>; 422 <c>MEDIA_NOT_READY</c> while its media is not ready.</summary>
    public async Task<ContentDto> PublishAsync(Guid id, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, ContentRoutes.Publish, id).PostAsync(cancellationToken: token)
            .ReceiveJson<DataEnvelope<ContentDto>>(), ct)).Data;

    /// <summary><c>POST /api/content/:id/unpublish</c>: back to draft.</summary>
    public async Task<ContentDto> UnpublishAsync(Guid id, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, ContentRoutes.Unpublish, id).PostAsync(cancellationToken: token)
            .ReceiveJson<DataEnvelope<ContentDto>>(), ct)).Data;

    /// <summary><c>DELETE /api/content/:id</c> (soft; buyers keep it).</summary>
    public Task DeleteAsync(Guid id, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, ContentRoutes.ById, id).DeleteAsync(cancellationToken: token), ct);

    /// <summary><c>GET /api/content/slug-available</c>: whether <paramref name="slug"/> is free, leaving <paramref name="exceptId"/> out.</summary>
    public async Task<SlugAvailabilityDto> SlugAvailableAsync(Guid organizationId, string slug, Guid? exceptId, CancellationToken ct)
    {
        var request = Request(CallBudget.Read, ContentRoutes.SlugAvailable).SetQueryParams(new { organizationId, slug });
        if (exceptId is { } except) request = request.SetQueryParam("exceptId", except);
        return (await GetAsync<DataEnvelope<SlugAvailabilityDto>>(request, ct)).Data;
    }

    /// <summary>
    /// The organization's media files for the studio's picker (the first <see cref="Paging.MaxLimit"/>); empty when
    /// the Content-API has no media route (404, or 405 where only the upload is mapped), as in a split deployment
    /// whose worker is older than the site.
    /// </summary>
    public async Task<IReadOnlyList<MediaDto>> ListMediaAsync(Guid organizationId, CancellationToken ct)
    {
        try
        {
            return (await ListMediaAsync(organizationId, 1, Paging.MaxLimit, ct)).Items;
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
        {
            return [];
        }
    }

    /// <summary><c>GET /api/media?organizationId=</c>: the organization's media files, newest first (managers).</summary>
    public Task<PagedList<MediaDto>> ListMediaAsync(Guid organizationId, int page, int limit, CancellationToken ct) =>
        GetAsync<PagedList<MediaDto>>(Request(CallBudget.Read, MediaRoutes.List)
            .SetQueryParams(new { organizationId, page, limit }), ct);

    /// <summary><c>GET /api/media/:id</c>; null when it does not exist.</summary>
    public async Task<MediaDto?> GetMediaAsync(Guid id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<MediaDto>>(Request(CallBudget.Read, MediaRoutes.ById, id), ct))?.Data;

    /// <summary>
    /// <c>POST /api/media</c> with the browser's multipart body passed through as it arrives (never buffered here):
    /// the upload budget, which has no total timeout but gives up when nothing moves.
    /// </summary>
    public async Task<MediaDto> UploadMediaAsync(Stream body, string contentType, long? contentLength, CancellationToken ct)
    {
        var content = new StreamContent(body, 64 * 1024);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (contentLength is { } length) content.Headers.ContentLength = length;
        return (await CallAsync(token => Request(CallBudget.Upload, MediaRoutes.List)
            .PostAsync(content, cancellationToken: token).ReceiveJson<DataEnvelope<MediaDto>>(), ct)).Data;
    }

    /// <summary><c>DELETE /api/media/:id</c>: 409 while published content plays it.</summary>
    public Task DeleteMediaAsync(Guid id, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, MediaRoutes.ById, id).DeleteAsync(cancellationToken: token), ct);
}
