using Codex.Contracts;
using Codex.Contracts.Content;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Content-API's access routes: streaming URLs, playback progress, the library.</summary>
public sealed class AccessClient(HttpClient http) : WorkerClient(http, "content-api")
{
    /// <summary>A signed streaming URL; a <see cref="WorkerCallException"/> says why not (401, 403, 404, 422).</summary>
    public async Task<StreamingUrlDto> StreamingUrlAsync(Guid contentId, CancellationToken ct) =>
        (await GetAsync<DataEnvelope<StreamingUrlDto>>(Flurl.Request("api", "access", "content", contentId, "stream"), ct)).Data;

    public async Task<PlaybackProgressDto?> ProgressAsync(Guid contentId, CancellationToken ct) =>
        (await GetAsync<DataEnvelope<ProgressDto>>(Flurl.Request("api", "access", "content", contentId, "progress"), ct)).Data.Progress;

    public Task SaveProgressAsync(Guid contentId, SaveProgressRequest request, CancellationToken ct) =>
        CallAsync(async token => await Flurl.Request("api", "access", "content", contentId, "progress")
            .PostJsonAsync(request, cancellationToken: token), ct);

    public Task<PagedList<LibraryItemDto>> LibraryAsync(LibraryQuery query, CancellationToken ct)
    {
        var request = Flurl.Request("api", "access", "user", "library").SetQueryParams(new
        {
            page = query.Page, limit = query.Limit, filter = ContractJson.WireName(query.Filter), sort = ContractJson.WireName(query.Sort),
        });
        if (query.Search is { } search) request.SetQueryParam("search", search);
        return GetAsync<PagedList<LibraryItemDto>>(request, ct);
    }
}
