using System.IO.Compression;
using Codex.Contracts;
using System.Text;
using System.Text.RegularExpressions;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Codex.Tests.Web;

/// <summary>
/// Issue 16, "JavaScript budget": all JavaScript on any page, htmx included, is at most 25 KB gzipped. Every page of the
/// site (the accessibility sweep's lists, SitePages, plus the pages whose scripts depend on the visitor's state: a
/// player, an article being read, a members-only item to join, the checkout's success page) is fetched anonymously and
/// as the demo customer, creator and admin; each same-origin &lt;script src&gt; (and what a module imports) is fetched
/// and gzipped at the smallest size; the page's total must stay within the budget. The service worker (/sw.js), when
/// the site has one, is its own line: it runs in its own context, is not loaded by the page, and is fetched once per
/// update check; the page's share of it is the registration in site.js, which is counted (ADR 039).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class JsBudgetTests(SiteFixture fixture, ITestOutputHelper output)
{
    private const int BudgetBytes = 25 * 1024;
    private readonly Dictionary<string, int> _gzipped = [];

    private static int Gzipped(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(bytes);
        return (int)buffer.Length;
    }

    private async Task<SiteBrowser> BrowserAsync(string? email)
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        if (email is null) return browser;
        await using var db = fixture.Db();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        browser.SetCookie("codex-session", (await new TestData(fixture).SessionCookieAsync(user)).Split('=', 2)[1]);
        return browser;
    }

    /// <summary>The gzipped size of a same-origin script and of the modules it imports, each counted once per page.</summary>
    private async Task AddScriptAsync(SiteBrowser browser, Uri url, bool module, Dictionary<string, int> files)
    {
        var key = url.AbsolutePath;
        if (files.ContainsKey(key)) return;
        var response = await browser.GetAsync(url.PathAndQuery);
        Assert.True(response.IsSuccessStatusCode, $"{url.PathAndQuery}: {(int)response.StatusCode}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        files[key] = _gzipped.TryGetValue(key, out var known) ? known : _gzipped[key] = Gzipped(bytes);
        if (!module) return;
        foreach (Match import in Regex.Matches(Encoding.UTF8.GetString(bytes), """(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+\.m?js)["']"""))
        {
            var next = new Uri(url, import.Groups[1].Value);
            if (next.Authority == url.Authority) await AddScriptAsync(browser, next, module: true, files);
        }
    }

    private async Task<(string Page, int Total, Dictionary<string, int> Files)> WeighAsync(SiteBrowser browser, string who, string path)
    {
        var response = await browser.GetAsync(path);
        var document = await response.ParseAsync();
        var files = new Dictionary<string, int>();
        foreach (var script in document.QuerySelectorAll("script[src]"))
        {
            var url = new Uri(new Uri(fixture.System.SiteUrl, path), script.GetAttribute("src")!);
            Assert.True(url.Authority == fixture.System.SiteUrl.Authority, $"{path} loads a script from another origin: {url}");
            await AddScriptAsync(browser, url, script.GetAttribute("type") == "module", files);
        }
        return ($"{who} {path} ({(int)response.StatusCode})", files.Values.Sum(), files);
    }

    /// <summary>Pages whose scripts depend on who looks and what they have: the budget must hold for them too.</summary>
    private async Task<string[]> StatefulPagesAsync()
    {
        await using var db = fixture.Db();
        var customer = await db.Users.AsNoTracking().Where(u => u.Email == "customer@example.com").Select(u => u.Id).SingleAsync();
        var boughtVideo = await db.Purchases.AsNoTracking()
            .Where(p => p.UserId == customer && p.Status == PurchaseStatus.Completed && p.Content!.ContentType == ContentType.Video)
            .Select(p => "/o/" + p.Content!.Organization!.Slug + "/content/" + p.Content.Slug).FirstOrDefaultAsync();
        var membersItem = await db.Content.AsNoTracking()
            .Where(c => c.AccessType == AccessType.Members && c.Status == ContentStatus.Published && c.DeletedAt == null
                && !db.Memberships.Any(m => m.UserId == customer && m.OrganizationId == c.OrganizationId))
            .OrderBy(c => c.Slug).Select(c => "/o/" + c.Organization!.Slug + "/content/" + c.Slug).FirstOrDefaultAsync();
        string[] pages =
        [
            await SitePages.ContentPathAsync(fixture, ContentType.Video), await SitePages.ContentPathAsync(fixture, ContentType.Written),
            await SitePages.ContentPathAsync(fixture, ContentType.Audio), "/checkout/success?session_id=cs_not_a_session",
            "/library?filter=in_progress", "/o/lumen-audio",
        ];
        return [.. pages, .. new[] { boughtVideo, membersItem }.OfType<string>()];
    }

    [Fact]
    public async Task EveryPage_LoadsAtMost25KbOfJavaScriptGzipped_AndTheServiceWorkerIsItsOwnLine()
    {
        var stateful = await StatefulPagesAsync();
        var areas = new (string Who, string? Email, string[] Paths)[]
        {
            ("anonymous", null, await SitePages.PublicAsync(fixture)),
            ("customer", "customer@example.com", [.. await SitePages.PublicAsync(fixture), .. await SitePages.CustomerAsync(fixture), .. stateful]),
            ("creator", "creator@example.com", [.. await SitePages.CreatorAsync(fixture), .. stateful]),
            ("admin", "admin@example.com", [.. await SitePages.AdminAsync(fixture), .. stateful]),
        };
        var weighed = new List<(string Page, int Total, Dictionary<string, int> Files)>();
        foreach (var (who, email, paths) in areas)
        {
            var browser = await BrowserAsync(email);
            foreach (var path in paths.Distinct()) weighed.Add(await WeighAsync(browser, who, path));
        }

        var largest = weighed.MaxBy(w => w.Total);
        output.WriteLine($"JavaScript budget: {BudgetBytes} bytes gzipped per page; {weighed.Count} pages weighed.");
        output.WriteLine($"largest page | {largest.Page} | {largest.Total} bytes | {Describe(largest.Files)}");
        foreach (var file in _gzipped.OrderByDescending(f => f.Value)) output.WriteLine($"file | {file.Key} | {file.Value} bytes");
        var worker = await new SiteBrowser(fixture.System.SiteUrl).GetAsync("/sw.js");
        if (worker.IsSuccessStatusCode)
        {
            var size = Gzipped(await worker.Content.ReadAsByteArrayAsync());
            output.WriteLine($"service worker | /sw.js | {size} bytes (its own line, not a page's)");
            Assert.True(size <= BudgetBytes, $"/sw.js is {size} bytes gzipped, over {BudgetBytes}");
        }
        else output.WriteLine("service worker | /sw.js | none on this branch");

        var over = weighed.Where(w => w.Total > BudgetBytes).ToList();
        Assert.True(over.Count == 0, $"Over the {BudgetBytes}-byte JavaScript budget:\n"
            + string.Join("\n", over.Select(w => $"{w.Page}: {w.Total} bytes = {Describe(w.Files)}")));
    }

    private static string Describe(Dictionary<string, int> files) => string.Join(" + ", files.Select(f => $"{f.Key} {f.Value}"));
}
