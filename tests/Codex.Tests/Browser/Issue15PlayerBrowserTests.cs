using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>Issue 15: a page only looked at is not "started" (item 1); the player names its shortcuts when it has them (item 12).</summary>
[Collection(SiteCollection.Name)]
public sealed class Issue15PlayerBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<(IPage Page, string Path, string Title)> SignedInOnAFreeVideoAsync()
    {
        var data = new TestData(site);
        Data.ContentItem item;
        await using (var db = site.Db())
        {
            item = await db.Content.Include(c => c.Organization)
                .Where(c => c.Organization!.Slug == "northwind-studio" && c.ContentType == ContentType.Video && c.AccessType == AccessType.Free)
                .OrderBy(c => c.Slug).FirstAsync();
        }
        var user = await data.UserAsync("Glancer");
        var page = await browser.NewPageAsync();
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await data.SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"), HttpOnly = true,
        }]);
        return (page, $"/o/{item.Organization!.Slug}/content/{item.Slug}", item.Title);
    }

    /// <summary>What a browser does when the tab is hidden or left: the page's visibilitychange to "hidden".</summary>
    private static Task HideAsync(IPage page) => page.EvaluateAsync("""
        () => {
          Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        }
        """);

    // Issue 15, item 1.
    [Fact]
    public async Task OpeningAVideoWithoutPlaying_AddsNothingToContinueWatching_PlayingALittleDoes()
    {
        var (page, path, title) = await SignedInOnAFreeVideoAsync();
        var saves = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/progress/") && request.Method == "POST") Interlocked.Increment(ref saves); };

        await page.GotoAsync(Url(path));
        await page.WaitForFunctionAsync("() => document.querySelector('#player video').readyState >= 1"); // the duration is known
        await HideAsync(page);
        await page.GotoAsync(Url("/library"));

        Assert.Equal(0, saves);
        await Assertions.Expect(page.Locator(".continue-watching")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".library-card", new() { HasText = title })).ToHaveCountAsync(0);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator(".home-continue")).ToHaveCountAsync(0);

        await page.GotoAsync(Url(path));
        await page.WaitForFunctionAsync("() => document.querySelector('#player video').readyState >= 1");
        var saved = page.WaitForResponseAsync(r => r.Url.Contains("/progress/") && r.Request.Method == "POST");
        await PlayerBrowserTests.PlayALittleAsync(page);
        Assert.Equal(204, (await saved).Status);
        await page.GotoAsync(Url("/library"));

        await Assertions.Expect(page.Locator(".continue-watching .card-title")).ToHaveTextAsync(title);
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.Locator(".home-continue .card-title")).ToHaveTextAsync(title);
        await page.Context.CloseAsync();
    }

    // Issue 15, item 12: the shortcuts come with the script, and so does their announcement and the player's tab stop.
    [Fact]
    public async Task WithJavaScript_ThePlayerIsATabStop_ThatNamesItsShortcuts()
    {
        var (page, path, title) = await SignedInOnAFreeVideoAsync();

        await page.GotoAsync(Url(path));

        var player = page.Locator("#player");
        await Assertions.Expect(player).ToHaveAttributeAsync("tabindex", "0");
        await Assertions.Expect(player).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(
            $"^Player: {System.Text.RegularExpressions.Regex.Escape(title)}\\. Keys: space or k play and pause"));
        await page.Context.CloseAsync();
    }
}
