using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Web.Features.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Codex.Tests.Web.Sitemap;

/// <summary>
/// The sitemap of a catalogue larger than one file (ADR 024): the index and its files, streamed from the Content-API,
/// hold every published page exactly once in a stable order; past the end is a 404; a Content-API that is down is a
/// 503, and one that breaks off mid-way never yields a document that looks complete.
/// </summary>
[Collection(SitemapCollection.Name)]
public sealed class StreamedSitemapTests(SitemapFixture fixture) : IAsyncLifetime
{
    private static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    /// <summary>The footer's pages (about, help, terms, privacy), listed after home and discover (issue 15).</summary>
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly List<IAsyncDisposable> _disposables = [];
    private string PublicUrl => fixture.System.SiteUrl.ToString().TrimEnd('/');

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables) await disposable.DisposeAsync();
    }

    private static async Task<XDocument> XmlAsync(HttpClient site, string url)
    {
        var response = await site.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=600", response.Headers.CacheControl!.ToString());
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static List<(string Location, string? LastModified)> Urls(XDocument file) =>
        [.. file.Root!.Elements(Ns + "url").Select(u => (u.Element(Ns + "loc")!.Value, u.Element(Ns + "lastmod")?.Value))];

    private async Task<List<string>> FilesAsync()
    {
        var index = await XmlAsync(_site, "/sitemap.xml");
        Assert.Equal(Ns + "sitemapindex", index.Root!.Name);
        return [.. index.Root.Elements(Ns + "sitemap").Select(s => s.Element(Ns + "loc")!.Value)];
    }

    /// <summary>A site of its own on the fixture's workers (or others), with its own settings.</summary>
    private async Task<HttpClient> SiteAsync(Dictionary<string, string?> settings)
    {
        TestLogging.EnsureConfigured();
        settings[CodexSystem.InternalKeySetting] = fixture.System.InternalKey;
        settings.TryAdd(WorkerInfo.Of(Role.ContentApi).UrlVariable, fixture.System.Urls[Role.ContentApi].ToString());
        settings.TryAdd(WorkerInfo.Of(Role.OrganizationApi).UrlVariable, fixture.System.Urls[Role.OrganizationApi].ToString());
        var system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site], DynamicPorts = true, EnvironmentName = "Testing", Settings = settings,
        });
        _disposables.Add(system);
        return new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = system.SiteUrl };
    }

    /// <summary>The site's own pages before the organizations: home, discover and (issue 15, item 13) the organization directory.</summary>
    /// <summary>The URLs before the organizations and items: home, discover, the directory and the footer's pages.</summary>
    private static readonly string[] FixedPages = ["/", "/discover", "/organizations", .. PagesController.All.Select(p => p.Path)];

    [Fact]
    public async Task Index_NamesFullFiles_ThatHoldEveryPageOnce_OrganizationsFirst_ThenItemsNewestFirst()
    {
        var files = await FilesAsync();

        var total = FixedPages.Length + fixture.Organizations.Count + SitemapFixture.PublishedCount;
        Assert.Equal(Enumerable.Range(1, (total + SitemapFixture.MaxUrls - 1) / SitemapFixture.MaxUrls).Select(n => $"{PublicUrl}/sitemap-{n}.xml"), files);
        var urls = new List<(string Location, string? LastModified)>();
        foreach (var file in files)
        {
            var part = await XmlAsync(_site, new Uri(file).PathAndQuery);
            Assert.Equal(Ns + "urlset", part.Root!.Name);
            var these = Urls(part);
            Assert.Equal(file == files[^1] ? total - (files.Count - 1) * SitemapFixture.MaxUrls : SitemapFixture.MaxUrls, these.Count);
            urls.AddRange(these);
        }

        var locations = urls.Select(u => u.Location).ToList();
        Assert.Equal(locations.Count, locations.Distinct().Count());
        string[] first = [.. FixedPages.Select(p => PublicUrl + p), .. fixture.Organizations.Order().Select(o => $"{PublicUrl}/o/{o}")];
        Assert.Equal(first.Order(), locations.Take(first.Length).Order());
        var items = urls.Skip(first.Length).ToList();
        Assert.Equal(fixture.Listed.Keys.Select(p => PublicUrl + p).Order(), items.Select(i => i.Location).Order());
        var published = items.Select(i => fixture.Listed[i.Location[PublicUrl.Length..]].PublishedAt).ToList();
        Assert.Equal(published.OrderDescending(), published);
        Assert.All(items, i => Assert.Equal(fixture.Listed[i.Location[PublicUrl.Length..]].UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd"), i.LastModified));
        Assert.All(urls.Take(first.Length), u => Assert.Null(u.LastModified));
    }

    [Fact]
    public async Task Files_LeaveOutDraftsArchivedAndDeletedItems_AndADeletedOrganization()
    {
        var text = string.Concat(await Task.WhenAll((await FilesAsync()).Select(f => _site.GetStringAsync(new Uri(f).PathAndQuery))));

        Assert.All(fixture.Unlisted, path => Assert.DoesNotContain($"{PublicUrl}{path}<", text));
        Assert.DoesNotContain(fixture.DeletedOrganization, text);
    }

    [Fact]
    public async Task Files_AreTheSameOnEveryRead()
    {
        var files = await FilesAsync();

        foreach (var file in files)
        {
            var path = new Uri(file).PathAndQuery;
            Assert.Equal(await _site.GetStringAsync(path), await _site.GetStringAsync(path));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(int.MaxValue)]
    public async Task File_PastTheEnd_Is404(int number)
    {
        // 304 URLs in files of 50: files 1 to 7.
        Assert.Equal(HttpStatusCode.NotFound, (await _site.GetAsync($"/sitemap-{number}.xml")).StatusCode);
    }

    [Fact]
    public async Task Sitemap_ThatFitsOneFile_IsAUrlSet_InTheSameBytesAsItsOnlyFile()
    {
        var site = await SiteAsync(new() { ["Sitemap:MaxUrlsPerFile"] = "1000" });

        var response = await site.GetAsync("/sitemap.xml");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"<?xml version=\"1.0\" encoding=\"utf-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{site.BaseAddress}</loc></url><url><loc>", text);
        Assert.Equal(FixedPages.Length + fixture.Organizations.Count + SitemapFixture.PublishedCount, Urls(XDocument.Parse(text)).Count);
        Assert.Equal(text, await site.GetStringAsync("/sitemap-1.xml"));
        Assert.Equal(HttpStatusCode.NotFound, (await site.GetAsync("/sitemap-2.xml")).StatusCode);
    }

    [Theory]
    [InlineData("/sitemap.xml")]
    [InlineData("/sitemap-1.xml")]
    [InlineData("/sitemap-3.xml")]
    public async Task Sitemap_WithTheContentApiDown_Is503(string path)
    {
        var site = await SiteAsync(new()
        {
            ["Sitemap:MaxUrlsPerFile"] = SitemapFixture.MaxUrls.ToString(CultureInfo.InvariantCulture),
            [WorkerInfo.Of(Role.ContentApi).UrlVariable] = ClosedPort.Url().ToString(),
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await site.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task File_WhoseStreamBreaksOffMidway_NeverEndsAsAWholeDocument()
    {
        var worker = await BrokenWorkerAsync();
        var site = await SiteAsync(new()
        {
            [WorkerInfo.Of(Role.ContentApi).UrlVariable] = worker.ToString(),
            [WorkerInfo.Of(Role.OrganizationApi).UrlVariable] = worker.ToString(),
        });

        string? text = null;
        try
        {
            var response = await site.GetAsync("/sitemap.xml");
            text = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException)
        {
            return; // the connection was cut: a crawler knows the file is broken
        }
        catch (IOException)
        {
            return;
        }
        Assert.DoesNotContain("</urlset>", text);
    }

    /// <summary>A Content-API (and Organization-API) that counts three items, then sends one and hangs up.</summary>
    private async Task<Uri> BrokenWorkerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/api/organizations", () => Results.Json(
            new { items = Array.Empty<object>(), pagination = new { page = 1, limit = 100, total = 0, totalPages = 0 } }));
        app.MapGet("/api/content/sitemap/count", () => Results.Json(new { data = new { total = 3 } }));
        app.MapGet("/api/content/sitemap", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""[{"organizationSlug":"a","slug":"b","updatedAt":"2026-01-01T00:00:00Z"},""");
            await context.Response.Body.FlushAsync();
            await Task.Delay(200);
            context.Abort();
        });
        await app.StartAsync();
        _disposables.Add(app);
        return new Uri(app.Urls.First());
    }
}
