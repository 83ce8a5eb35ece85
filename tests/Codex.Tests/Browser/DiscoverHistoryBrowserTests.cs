using System.Text.RegularExpressions;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// /discover keeps your place through Back (issue 15, item 7), shows one paging control each way (item 8), announces
/// the count only (item 10) and keeps its tag filter while searching (item 2), in a real browser.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class DiscoverHistoryBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private static ILocator Search(IPage page) => page.Locator($"#{DomIds.DiscoverSearch}");
    private static ILocator Count(IPage page) => page.Locator($"#{DomIds.DiscoverResults} .result-count");
    private static ILocator Cards(IPage page) => page.Locator($"#{DomIds.DiscoverResults} li.card");

    [Fact]
    public async Task Back_WithinTheSearchHistory_PutsThatEntrysQueryBackInTheBox()
    {
        // Issue 15, item 7: Back restored the results of the earlier search but left the box empty.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/discover"));

        await Search(page).FillAsync("light");
        await page.WaitForURLAsync(new Regex(@"q=light"));
        await Assertions.Expect(Count(page)).ToContainTextAsync("for \u201clight\u201d");
        await Search(page).FillAsync("lenses");
        await page.WaitForURLAsync(new Regex(@"q=lenses"));
        await Assertions.Expect(Count(page)).ToContainTextAsync("for \u201clenses\u201d");

        await page.GoBackAsync();
        await page.WaitForURLAsync(new Regex(@"q=light"));
        await Assertions.Expect(Count(page)).ToContainTextAsync("for \u201clight\u201d");
        await Assertions.Expect(Search(page)).ToHaveValueAsync("light");

        await page.GoBackAsync();
        await page.WaitForURLAsync(new Regex(@"/discover$"));
        await Assertions.Expect(Search(page)).ToHaveValueAsync("");
        await Assertions.Expect(Count(page)).Not.ToContainTextAsync("for");

        await page.GoForwardAsync();
        await page.WaitForURLAsync(new Regex(@"q=light"));
        await Assertions.Expect(Search(page)).ToHaveValueAsync("light");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Back_FromAnItemOpenedAfterInfiniteScroll_BringsBackTheLoadedItems_AtTheItem()
    {
        // Issue 15, item 7: infinite scroll lost the place on Back.
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(Url("/discover"));
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(12);
        var entries = await page.EvaluateAsync<int>("() => history.length");
        await page.Locator($"#{DomIds.DiscoverMore}").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(24);
        await page.Locator($"#{DomIds.DiscoverMore}").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(36);
        // The address is the page reached (replaced, so Back leaves the list rather than unloading it page by page).
        await page.WaitForURLAsync(new Regex(@"/discover\?page=3$"));
        Assert.Equal(entries, await page.EvaluateAsync<int>("() => history.length"));

        var item = Cards(page).Nth(29).Locator("a.card-link");
        var title = await item.Locator(".card-title").TextContentAsync();
        var href = await item.GetAttributeAsync("href");
        await item.ScrollIntoViewIfNeededAsync();
        await item.ClickAsync();
        await page.WaitForURLAsync(new Regex(Regex.Escape(href!) + "$"));
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title!);

        await page.GoBackAsync();
        await page.WaitForURLAsync(new Regex(@"/discover\?page=3$"));
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(36);
        await Assertions.Expect(Cards(page).Nth(0)).Not.ToBeInViewportAsync();
        await Assertions.Expect(Cards(page).Nth(29)).ToBeInViewportAsync();
        await Assertions.Expect(Cards(page).Nth(29).Locator("a.card-link")).ToBeFocusedAsync();
        // Scrolling on still loads the next page after the restored ones.
        await page.Locator($"#{DomIds.DiscoverMore}").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(48);
        var titles = await page.Locator($"#{DomIds.DiscoverResults} li.card .card-title").AllTextContentsAsync();
        Assert.Equal(titles.Count, titles.Distinct().Count());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThePager_IsOneControlEachWay(bool javaScript)
    {
        // Issue 15, item 8: without JavaScript both "More results" and the page links showed.
        var page = await browser.NewPageAsync(javaScript);
        await page.GotoAsync(Url("/discover"));

        var more = page.GetByRole(AriaRole.Link, new() { Name = "More results" });
        var pages = page.Locator("nav.pagination");
        if (javaScript)
        {
            await Assertions.Expect(more).ToBeVisibleAsync();
            await Assertions.Expect(pages).ToBeHiddenAsync();
        }
        else
        {
            await Assertions.Expect(pages).ToBeVisibleAsync();
            await Assertions.Expect(more).ToBeHiddenAsync();
            await page.ClickAsync("nav.pagination a[rel=next]");
            await page.WaitForURLAsync(new Regex(@"page=2"));
            await Assertions.Expect(more).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator(".results-earlier")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("nav.pagination a[rel=prev]")).ToBeVisibleAsync();
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Searching_AnnouncesTheCountPolitely_NotTheGrid()
    {
        // Issue 15, item 10: the results grid was one live region; the count is announced instead.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/discover"));
        var status = page.Locator($"#{DomIds.DiscoverStatus}");
        await Assertions.Expect(status).ToHaveTextAsync("");

        await Search(page).FillAsync("light");
        await Assertions.Expect(status).ToHaveTextAsync(new Regex(@"^\d+ results for \u201clight\u201d\.$"));
        await Assertions.Expect(page).ToHaveTitleAsync("Search: light | Codex");
        Assert.Null(await page.Locator($"#{DomIds.DiscoverResults}").GetAttributeAsync("aria-live"));
        Assert.Equal(1, await page.Locator("main [aria-live]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATagChip_FiltersByTheTag_SearchKeepsIt_AndItsChipRemovesIt(bool javaScript)
    {
        // Issue 15, item 2: from a content page's tag chip to the tag filter, searched within, then cleared.
        var page = await browser.NewPageAsync(javaScript);
        await page.GotoAsync(Url("/discover?tag=lenses&type=video"));
        var href = await Cards(page).First.Locator("a.card-link").GetAttributeAsync("href");
        // A loaded machine is slow to fire a video page's load event; what matters is the document.
        var loaded = new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded };
        await page.GotoAsync(Url(href!), loaded);
        await page.Locator("ul.tags a", new() { HasText = "video" }).ClickAsync();

        await page.WaitForURLAsync(new Regex(@"/discover\?tag=video$"), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Tagged \u201cvideo\u201d");
        await Search(page).FillAsync("lenses");
        if (!javaScript) await page.ClickAsync($"#{DomIds.DiscoverForm} button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"q=lenses.*tag=video|tag=video.*q=lenses"));
        await Assertions.Expect(Count(page)).ToContainTextAsync("for \u201clenses\u201d tagged \u201cvideo\u201d");
        await Assertions.Expect(Cards(page).Locator(".badge-video")).ToHaveCountAsync(await Cards(page).CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Remove the tag filter \u201cvideo\u201d" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/discover\?q=lenses(&sort=newest)?$")); // the other filters, as the form sent them
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Discover");
        await Assertions.Expect(Search(page)).ToHaveValueAsync("lenses");
        await Assertions.Expect(page.Locator($"#{DomIds.DiscoverFilters}")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
