using System.Globalization;
using System.Text;
using System.Xml;
using Codex.Contracts.Content;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.OutputCaching;

namespace Codex.Web.Features.Sitemap;

/// <summary>
/// <c>/sitemap.xml</c> (the home, discover and organization directory pages, every organization, then every published content page, newest
/// first: the catalogue's items, never a draft) and <c>/robots.txt</c>. Past <c>Sitemap:MaxUrlsPerFile</c> (50,000, the
/// protocol's limit) <c>/sitemap.xml</c> becomes an index of <c>/sitemap-{n}.xml</c> files. Each file is written to the
/// response as the Content-API's stream of entries is read (ADR 024): nothing holds a whole file or the whole list,
/// neither in memory nor in a cache.
/// </summary>
public sealed class SitemapController(SitemapClient sitemap, Catalogue catalogue, SiteUrls urls, IConfiguration config) : Controller
{
    private int MaxUrls => Math.Clamp(config.GetValue("Sitemap:MaxUrlsPerFile", SitemapQuery.MaxLimit), 1, SitemapQuery.MaxLimit);

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

    // Never stored by an output cache: a file of 50,000 URLs is written as it is read, and kept by nobody but crawlers.
    [HttpGet("/sitemap.xml")]
    [OutputCache(NoStore = true)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var pages = PagesAsync(ct);
        var items = sitemap.CountAsync(ct);
        await Task.WhenAll(pages, items);
        var total = (long)(await pages).Count + await items;
        if (total <= MaxUrls) return await UrlSetAsync(await pages, 0, await items > 0, ct) ?? NotFound();
        var files = (int)((total + MaxUrls - 1) / MaxUrls);
        return new StreamedXmlResult("sitemapindex", async (writer, _) =>
        {
            for (var n = 1; n <= files; n++)
            {
                await writer.WriteStartElementAsync(null, "sitemap", null);
                await writer.WriteElementStringAsync(null, "loc", null, urls.Absolute($"/sitemap-{n}.xml"));
                await writer.WriteEndElementAsync();
            }
        });
    }

    // No count here: a file past the end is one whose window holds nothing, which its first entry (or none) tells.
    [HttpGet("/sitemap-{number:int}.xml")]
    [OutputCache(NoStore = true)]
    public async Task<IActionResult> Part(int number, CancellationToken ct) =>
        number < 1 ? NotFound() : await UrlSetAsync(await PagesAsync(ct), (long)(number - 1) * MaxUrls, true, ct) ?? NotFound();

    // The URLs before the items: home, discover, the directory, the footer's pages and every organization (few, and cached).
    private async Task<IReadOnlyList<string>> PagesAsync(CancellationToken ct)
    {
        List<string> pages = [urls.Absolute(SiteRoutes.Home), urls.Absolute(SiteRoutes.Discover), urls.Absolute(SiteRoutes.OrganizationDirectory)];
        pages.AddRange(Pages.PagesController.All.Select(p => urls.Absolute(p.Path))); // about, help, terms, privacy
        pages.AddRange((await catalogue.AllOrganizationsAsync(ct)).Select(o => urls.Absolute(SiteRoutes.OrganizationPath(o.Slug))));
        return pages;
    }

    /// <summary>
    /// The file of the URLs from <paramref name="start"/> on, or null when it would be empty. The worker is asked, and
    /// has answered with its headers, before the result writes a byte, so an outage is still a 503; its entries are then
    /// copied to the response one by one.
    /// </summary>
    private async Task<IActionResult?> UrlSetAsync(IReadOnlyList<string> pages, long start, bool items, CancellationToken ct)
    {
        var head = pages.Skip((int)Math.Min(start, pages.Count)).Take(MaxUrls).ToList();
        var offset = Math.Max(0, start - pages.Count);
        var room = MaxUrls - head.Count;
        SitemapEntryStream? entries = null;
        if (items && room > 0 && offset <= int.MaxValue)
        {
            entries = await sitemap.OpenAsync(new SitemapQuery { Offset = (int)offset, Limit = room }, ct);
            Response.RegisterForDisposeAsync(entries);
        }
        if (head.Count == 0 && (entries is null || !await entries.AnyAsync(ct))) return null;
        return new StreamedXmlResult("urlset", async (writer, token) =>
        {
            foreach (var page in head) await UrlAsync(writer, page, null);
            if (entries is null) return;
            await foreach (var entry in entries.ReadAsync(token))
                await UrlAsync(writer, urls.Absolute(SiteRoutes.ContentPath(entry.OrganizationSlug, entry.Slug)), entry.UpdatedAt);
        });
    }

    private static async Task UrlAsync(XmlWriter writer, string location, DateTimeOffset? modified)
    {
        await writer.WriteStartElementAsync(null, "url", null);
        await writer.WriteElementStringAsync(null, "loc", null, location);
        if (modified is { } at)
            await writer.WriteElementStringAsync(null, "lastmod", null, at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await writer.WriteEndElementAsync();
    }
}

/// <summary>
/// A sitemap document (<c>urlset</c> or <c>sitemapindex</c>) written straight to the response body as
/// <c>body</c> produces it: UTF-8 without a byte order mark, crawlers may keep it ten minutes.
/// </summary>
public sealed class StreamedXmlResult(string root, Func<XmlWriter, CancellationToken, Task> body) : IActionResult
{
    public const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        // A failure mid-way must not be dressed up as a complete (shorter) document when the writer is disposed.
        WriteEndDocumentOnClose = false,
    };

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = "application/xml; charset=utf-8";
        response.Headers.CacheControl = "public, max-age=600";
        await using var writer = XmlWriter.Create(response.Body, Settings);
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, root, Namespace);
        await body(writer, context.HttpContext.RequestAborted);
        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
        await writer.FlushAsync();
    }
}
