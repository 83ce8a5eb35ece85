using System.Runtime.CompilerServices;
using System.Text.Json;
using Codex.Contracts.Content;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>
/// The Content-API's sitemap routes (internal key; ADR 024), as <c>/sitemap.xml</c> uses them: a client of its own, so
/// that its circuit breaker is its own too and a crawler's 50,000-entry read never counts against the pages' reads.
/// </summary>
public sealed class SitemapClient(HttpClient http, CodexOptions codex) : WorkerClient(http, Role.ContentApi)
{
    /// <summary><c>GET /api/content/sitemap/count</c>: how many published items there are.</summary>
    public async Task<int> CountAsync(CancellationToken ct) =>
        (await GetAsync<DataEnvelope<SitemapCountDto>>(Internal(Request(CallBudget.Crawl, ContentRoutes.SitemapCount)), ct)).Data.Total;

    /// <summary>
    /// <c>GET /api/content/sitemap</c>: sends the request and waits for the answer's headers only, under the crawl budget
    /// (whose clock stops there), so an outage or a refusal is an exception here, before the caller writes anything. The
    /// entries are then read from the stream as the worker writes them, limited only by the caller's token.
    /// </summary>
    public async Task<SitemapEntryStream> OpenAsync(SitemapQuery query, CancellationToken ct) =>
        new(await CallAsync(token => Internal(Request(CallBudget.Crawl, ContentRoutes.Sitemap).SetQueryParams(query.ToParameters()))
            .SendAsync(HttpMethod.Get, completionOption: HttpCompletionOption.ResponseHeadersRead, cancellationToken: token), ct));

    private IFlurlRequest Internal(IFlurlRequest request) => request.WithHeader(InternalAuth.Header, codex.InternalKey ?? "");
}

/// <summary>
/// An open answer of <c>GET /api/content/sitemap</c>, read entry by entry as it arrives. A worker that fails mid-way (a
/// broken connection, a cut-off array) is an <see cref="IOException"/> or <see cref="JsonException"/> from the reads:
/// by then the caller has answered 200, so it must let the exception end its response rather than finish a document
/// that silently lacks entries.
/// </summary>
public sealed class SitemapEntryStream(IFlurlResponse response) : IAsyncDisposable
{
    private IAsyncEnumerator<SitemapEntryDto>? _entries;
    private bool? _any;

    /// <summary>Whether the answer holds an entry at all: reads the first one, which <see cref="ReadAsync"/> still yields.</summary>
    public async ValueTask<bool> AnyAsync(CancellationToken ct)
    {
        _entries ??= EntriesAsync(ct).GetAsyncEnumerator(ct);
        _any ??= await _entries.MoveNextAsync();
        return _any.Value;
    }

    /// <summary>Every entry, the first included; read once.</summary>
    public async IAsyncEnumerable<SitemapEntryDto> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (!await AnyAsync(ct)) yield break;
        yield return _entries!.Current;
        while (await _entries.MoveNextAsync()) yield return _entries.Current;
    }

    private async IAsyncEnumerable<SitemapEntryDto> EntriesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var body = await response.GetStreamAsync();
        await foreach (var entry in JsonSerializer.DeserializeAsyncEnumerable<SitemapEntryDto>(body, ContractJson.Options, ct))
        {
            if (entry is not null) yield return entry;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_entries is not null) await _entries.DisposeAsync();
        response.Dispose();
    }
}
