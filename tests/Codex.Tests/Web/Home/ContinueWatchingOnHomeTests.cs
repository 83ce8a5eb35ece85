using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Home;

/// <summary>Issue 15, item 12: the home page shows a signed-in visitor their "Continue watching" row; visitors' home is unchanged.</summary>
[Collection(SiteCollection.Name)]
public sealed class ContinueWatchingOnHomeTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<SiteBrowser> SignedInAsync(Data.User user)
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return browser;
    }

    [Fact]
    public async Task SignedIn_WithSomethingInProgress_SeesItFirst_WithItsProgress()
    {
        await using var db = fixture.Db();
        var items = await db.Content.Include(c => c.Organization)
            .Where(c => c.AccessType == AccessType.Free && c.ContentType == ContentType.Video && c.Status == ContentStatus.Published)
            .OrderBy(c => c.Slug).Take(2).ToListAsync();
        var user = await _data.UserAsync("Home Watcher");
        var now = fixture.Clock.GetUtcNow();
        await _data.ProgressAsync(user, items[0], 3, 8, false, now);
        await _data.ProgressAsync(user, items[1], 8, 8, true, now); // finished: not "continue"

        var page = await (await SignedInAsync(user)).PageAsync("/");

        var row = page.QuerySelector("section.home-continue")!;
        Assert.Equal("Continue watching", row.QuerySelector("h2")!.TextContent.Trim());
        var link = Assert.Single(row.QuerySelectorAll("a.card-link"));
        Assert.Equal($"/o/{items[0].Organization!.Slug}/content/{items[0].Slug}", link.GetAttribute("href"));
        Assert.Equal("38", row.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal("", row.QuerySelector("img")?.GetAttribute("alt") ?? "");
        // Before the catalogue: the first section of the page's main content after the search.
        Assert.Same(row, page.QuerySelectorAll("main section")[1]);
    }

    [Fact]
    public async Task SignedIn_WithNothingStarted_SeesNoRow()
    {
        var page = await (await SignedInAsync(await _data.UserAsync("Home Newcomer"))).PageAsync("/");

        Assert.Null(page.QuerySelector(".home-continue"));
        Assert.NotNull(page.GetElementById("featured-heading"));
    }

    [Fact]
    public async Task Anonymous_HomeIsUnchanged_AndPubliclyCacheable()
    {
        var response = await fixture.Client(Role.Site).GetAsync("/");
        var page = await response.ParseAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Null(page.QuerySelector(".home-continue"));
        Assert.DoesNotContain("Continue watching", page.Body!.TextContent);
    }
}
