using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Contracts.Notifications;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Sitemap;

namespace Codex.Tests.Workers.ContentApi;

/// <summary>
/// <c>GET /api/content/sitemap</c> and <c>/sitemap/count</c> (ADR 024): internal, exactly the catalogue's published
/// items, newest first in windows that neither overlap nor skip, bounds refused with the contract's envelope.
/// </summary>
[Collection(SitemapCollection.Name)]
public sealed class SitemapEntriesTests(SitemapFixture fixture)
{
    private readonly HttpClient _http = fixture.Client(Role.ContentApi);

    private Task<HttpResponseMessage> GetAsync(string path, string? key = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null) request.Headers.Add(InternalAuth.Header, key.Length == 0 ? fixture.System.InternalKey : key);
        return _http.SendAsync(request);
    }

    private async Task<List<SitemapEntryDto>> EntriesAsync(int offset, int limit)
    {
        var response = await GetAsync($"/api/content/sitemap?offset={offset}&limit={limit}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return await response.ReadAsync<List<SitemapEntryDto>>();
    }

    private static string PathOf(SitemapEntryDto entry) => $"/o/{entry.OrganizationSlug}/content/{entry.Slug}";

    [Theory]
    [InlineData("/api/content/sitemap", null)]
    [InlineData("/api/content/sitemap", "not-the-key")]
    [InlineData("/api/content/sitemap/count", null)]
    [InlineData("/api/content/sitemap/count", "not-the-key")]
    public async Task Get_Sitemap_WithoutTheInternalKey_Returns403(string path, string? key)
    {
        var response = await GetAsync(path, key);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Sitemap_ListsEveryPublishedLiveItemOnce_WithItsLastChange_AndNothingElse()
    {
        var entries = await EntriesAsync(0, SitemapQuery.MaxLimit);

        var paths = entries.Select(PathOf).ToList();
        Assert.Equal(paths.Count, paths.Distinct().Count());
        Assert.Equal(fixture.Listed.Keys.Order(), paths.Order());
        Assert.All(entries, e => Assert.Equal(fixture.Listed[PathOf(e)].UpdatedAt, e.UpdatedAt));
        Assert.All(fixture.Unlisted, path => Assert.DoesNotContain(path, paths));
    }

    [Fact]
    public async Task Get_Sitemap_IsNewestFirst_AndWindowsNeitherOverlapNorSkip()
    {
        var all = (await EntriesAsync(0, SitemapQuery.MaxLimit)).Select(PathOf).ToList();

        var published = all.Select(p => fixture.Listed[p].PublishedAt).ToList();
        Assert.Equal(published.OrderDescending(), published);
        // Windows of 7 cut through the groups of three items published at the same time.
        var windows = new List<string>();
        for (var offset = 0; offset < all.Count + 7; offset += 7) windows.AddRange((await EntriesAsync(offset, 7)).Select(PathOf));
        Assert.Equal(all, windows);
        Assert.Equal(all, (await EntriesAsync(0, SitemapQuery.MaxLimit)).Select(PathOf));
    }

    [Fact]
    public async Task Get_Sitemap_PastTheEnd_IsAnEmptyArray()
    {
        Assert.Empty(await EntriesAsync(SitemapFixture.PublishedCount, 10));
        Assert.Empty(await EntriesAsync(int.MaxValue, SitemapQuery.MaxLimit));
    }

    [Fact]
    public async Task Get_SitemapCount_CountsWhatTheListHolds()
    {
        var response = await GetAsync("/api/content/sitemap/count");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SitemapFixture.PublishedCount, (await response.ReadAsync<DataEnvelope<SitemapCountDto>>()).Data.Total);
    }

    [Theory]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=abc", "offset")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=50001", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("offset=-5&limit=-5", "offset,limit")]
    public async Task Get_Sitemap_WithBoundsOutOfRange_Returns400ValidationError(string query, string fields)
    {
        var response = await GetAsync("/api/content/sitemap?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(fields.Split(',').Order(), (await response.FieldErrorsAsync()).Order());
    }
}
