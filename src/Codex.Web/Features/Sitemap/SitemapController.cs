using System.Globalization;
using System.Text;
using System.Xml;
using Codex.Contracts.Content;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Workers;
using Microsoft.Extensions.Caching.Hybrid;

namespace Codex.Web.Features.Sitemap;

/// <summary>
/// <c>/sitemap.xml</c> (every published content page and organization, never a draft: the catalogue lists only
/// published items) and <c>/robots.txt</c>. Past <c>Sitemap:MaxUrlsPerFile</c> (50,000, the protocol's limit)
/// <c>/sitemap.xml</c> becomes an index of <c>/sitemap-{n}.xml</c> files.
/// </summary>
public sealed class SitemapController(ContentClient content, Catalogue catalogue, HybridCache cache, SiteUrls urls, IConfiguration config) : Controller
{
    private sealed record Entry(string Location, DateTimeOffset? LastModified);

    private int MaxUrls => Math.Clamp(config.GetValue("Sitemap:MaxUrlsPerFile", 50_000), 1, 50_000);

    [HttpGet("/robots.txt")]
    public IActionResult Robots()
    {
        Response.Headers.CacheControl = "public, max-age=3600";
        var text = new StringBuilder()
            .AppendLine("User-agent: *")
            .AppendLine("Allow: /")
            .AppendLine("Disallow: /account")
            .AppendLine("Disallow: /library")
            .AppendLine("Disallow: /dev/")
            .AppendLine("Disallow: /checkout/")
            .AppendLine()
            .Append("Sitemap: ").AppendLine(urls.Absolute("/sitemap.xml"));
        return Content(text.ToString(), "text/plain; charset=utf-8");
    }

    [HttpGet("/sitemap.xml")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var entries = await EntriesAsync(ct);
        if (entries.Count <= MaxUrls) return Xml(UrlSet(entries));
        var files = (entries.Count + MaxUrls - 1) / MaxUrls;
        return Xml(SitemapIndex(Enumerable.Range(1, files).Select(n => urls.Absolute($"/sitemap-{n}.xml"))));
    }

    [HttpGet("/sitemap-{number:int}.xml")]
    public async Task<IActionResult> Part(int number, CancellationToken ct)
    {
        var entries = await EntriesAsync(ct);
        var chunk = entries.Skip((number - 1) * MaxUrls).Take(MaxUrls).ToList();
        return number < 1 || chunk.Count == 0 ? NotFound() : Xml(UrlSet(chunk));
    }

    private IActionResult Xml(string xml)
    {
        Response.Headers.CacheControl = "public, max-age=600";
        return Content(xml, "application/xml; charset=utf-8");
    }

    // Organizations first, then every published item, newest first; cached for ten minutes and dropped with the catalogue.
    private async Task<List<Entry>> EntriesAsync(CancellationToken ct) =>
        await cache.GetOrCreateAsync("sitemap:entries", async token =>
        {
            var entries = new List<Entry> { new(urls.Absolute("/"), null), new(urls.Absolute("/discover"), null) };
            entries.AddRange((await catalogue.AllOrganizationsAsync(token)).Select(o => new Entry(urls.Absolute(SiteRoutes.OrganizationPath(o.Slug)), null)));
            for (var page = 1; page <= Paging.MaxPage; page++)
            {
                var batch = await content.ListAsync(new ContentListQuery { Page = page, Limit = Paging.MaxLimit }, token);
                entries.AddRange(batch.Items.Select(i => new Entry(urls.Absolute(Display.ContentPath(i)), i.UpdatedAt)));
                if (page >= batch.Pagination.TotalPages) break;
            }
            return entries;
        }, new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(10) },
        [CacheTags.Content, CacheTags.Organizations], ct);

    private static string UrlSet(IEnumerable<Entry> entries) => Write("urlset", w =>
    {
        foreach (var entry in entries)
        {
            w.WriteStartElement("url");
            w.WriteElementString("loc", entry.Location);
            if (entry.LastModified is { } modified)
                w.WriteElementString("lastmod", modified.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }
    });

    private static string SitemapIndex(IEnumerable<string> locations) => Write("sitemapindex", w =>
    {
        foreach (var location in locations)
        {
            w.WriteStartElement("sitemap");
            w.WriteElementString("loc", location);
            w.WriteEndElement();
        }
    });

    private static string Write(string root, Action<XmlWriter> body)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root, "http://www.sitemaps.org/schemas/sitemap/0.9");
            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        // StringBuilder writers declare utf-16; the bytes we send are UTF-8.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
