using System.Net;
using System.Xml.Linq;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Sitemap;

/// <summary>The sitemap (an index of files once it grows past the per-file limit, 60 in this fixture) and robots.txt.</summary>
[Collection(SiteCollection.Name)]
public sealed class SitemapTests(SiteFixture fixture)
{
    private static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private string PublicUrl => fixture.System.SiteUrl.ToString().TrimEnd('/');

    private async Task<XDocument> XmlAsync(string url)
    {
        var response = await _site.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sitemap_IsAnIndexOfWellFormedFiles_ListingEveryPublishedPageAndOrganization_NeverADraft()
    {
        var index = await XmlAsync("/sitemap.xml");

        Assert.Equal(Ns + "sitemapindex", index.Root!.Name);
        var files = index.Root.Elements(Ns + "sitemap").Select(s => s.Element(Ns + "loc")!.Value).ToList();
        Assert.True(files.Count >= 2, $"{files.Count} files");
        var locations = new List<string>();
        foreach (var file in files)
        {
            Assert.StartsWith(PublicUrl + "/sitemap-", file);
            var part = await XmlAsync(new Uri(file).PathAndQuery);
            Assert.Equal(Ns + "urlset", part.Root!.Name);
            var urls = part.Root.Elements(Ns + "url").Select(u => u.Element(Ns + "loc")!.Value).ToList();
            Assert.InRange(urls.Count, 1, 60);
            locations.AddRange(urls);
        }

        await using var db = fixture.Db();
        var published = await db.Content.Where(c => c.Status == ContentStatus.Published && c.DeletedAt == null)
            .Select(c => new { Org = c.Organization!.Slug, c.Slug }).ToListAsync();
        var drafts = await db.Content.Where(c => c.Status != ContentStatus.Published)
            .Select(c => new { Org = c.Organization!.Slug, c.Slug }).ToListAsync();
        Assert.Equal(locations.Count, locations.Distinct().Count());
        Assert.All(locations, l => Assert.StartsWith(PublicUrl + "/", l));
        // Tests in the same fixture may publish items after the sitemap was cached: every demo item must be there.
        Assert.All(published.Where(p => p.Org is "northwind-studio" or "lumen-audio" or "fieldnotes-press"),
            p => Assert.Contains($"{PublicUrl}/o/{p.Org}/content/{p.Slug}", locations));
        Assert.All(drafts, d => Assert.DoesNotContain($"{PublicUrl}/o/{d.Org}/content/{d.Slug}", locations));
        Assert.Contains($"{PublicUrl}/o/northwind-studio", locations);
        Assert.Contains($"{PublicUrl}/o/lumen-audio", locations);
        Assert.Contains($"{PublicUrl}/o/fieldnotes-press", locations);
    }

    [Fact]
    public async Task Sitemap_PartBeyondTheLast_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _site.GetAsync("/sitemap-999.xml")).StatusCode);
    }

    [Fact]
    public async Task Robots_NamesTheSitemap_AndKeepsPrivatePagesOut()
    {
        var text = await _site.GetStringAsync("/robots.txt");

        Assert.Contains($"Sitemap: {PublicUrl}/sitemap.xml", text);
        Assert.Contains("Disallow: /account", text);
        Assert.Contains("User-agent: *", text);
    }
}
