using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Pages;

/// <summary>Issue 15, item 12: the footer's about, help, terms and privacy pages: real, public, cached, in the sitemap.</summary>
[Collection(SiteCollection.Name)]
public sealed class StaticPagesTests(SiteFixture fixture)
{
    public static TheoryData<string, string, string> Pages => new()
    {
        { "/about", "About Codex | Codex", "independent video, audio and writing" },
        { "/help", "Help | Codex", "Forgot your password?" },
        { "/terms", "Terms of use | Codex", "Refunds" },
        { "/privacy", "Privacy | Codex", "codex-session" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get_StaticPage_InBothShapes_PublicAndCanonical(string path, string title, string text)
    {
        var site = fixture.Client(Role.Site);

        var full = await site.GetAsync(path);
        var fragment = await site.SendAsync(Html.Htmx(path));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal(title, page.Title);
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Contains(text, page.QuerySelector("main")!.TextContent);
        Assert.EndsWith(path, page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.True(full.Headers.CacheControl!.Public);
        Assert.Contains("HX-Request", full.Headers.Vary);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith("<article id=\"static-page\"", raw.TrimStart());
        Assert.DoesNotContain("site-footer", raw);
    }

    [Theory]
    [InlineData("/about")]
    [InlineData("/help")]
    [InlineData("/terms")]
    [InlineData("/privacy")]
    public async Task Get_StaticPage_Anonymous_IsServedFromTheOutputCache(string path)
    {
        var site = fixture.Client(Role.Site);
        var unique = path + "?n=" + Guid.NewGuid().ToString("N")[..8];

        var first = await site.GetAsync(unique);
        var second = await site.GetAsync(unique);

        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/about/", HttpStatusCode.OK)]
    [InlineData("/ABOUT", HttpStatusCode.OK)]
    public async Task Get_StaticPage_SpelledOtherwise_IsThePage_NeverA500(string path, HttpStatusCode expected)
    {
        // Routing sends "/about/" to the page's action too; it used to find no page by that spelling and throw.
        Assert.Equal(expected, (await fixture.Client(Role.Site).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task TheFooter_LinksEveryStaticPage_OnEveryPage()
    {
        foreach (var url in new[] { "/", "/login", "/about" })
        {
            var page = await (await fixture.Client(Role.Site).GetAsync(url)).ParseAsync();

            var links = page.QuerySelectorAll("footer.site-footer nav a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal(["/about", "/help", "/terms", "/privacy"], links);
        }
    }

    [Fact]
    public async Task TheSitemap_ListsTheStaticPages()
    {
        var site = fixture.Client(Role.Site);
        var index = await site.GetStringAsync("/sitemap.xml");
        var first = System.Text.RegularExpressions.Regex.Match(index, @"<loc>[^<]*(/sitemap-1\.xml)</loc>").Groups[1].Value;

        var text = first.Length > 0 ? await site.GetStringAsync(first) : index;

        foreach (var path in new[] { "/about", "/help", "/terms", "/privacy" })
            Assert.Contains(path + "</loc>", text);
    }
}
