using System.Text.RegularExpressions;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>/discover in a real browser, with JavaScript on (htmx) and off (plain GET form).</summary>
[Collection(SiteCollection.Name)]
public sealed class DiscoverBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Fact]
    public async Task WithJavaScript_TypingSwapsResultsWithoutAPageLoad_AndTheUrlFollows()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/discover"));
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var search = page.Locator($"#{DomIds.DiscoverSearch}");
        var count = page.Locator($"#{DomIds.DiscoverResults} .result-count");

        // One character is not a search: nothing is requested.
        await search.PressSequentiallyAsync("l");
        await page.WaitForTimeoutAsync(800);
        Assert.DoesNotContain("q=", page.Url);
        Assert.DoesNotContain("for", (await count.TextContentAsync())!);

        await search.PressSequentiallyAsync("ight", new() { Delay = 60 });
        await page.WaitForURLAsync(new Regex(@"/discover\?q=light"));
        await Assertions.Expect(count).ToContainTextAsync("for \u201clight\u201d");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");

        // A filter applies at once, still without a page load.
        await page.SelectOptionAsync("#f-type", "audio");
        await page.WaitForURLAsync(new Regex(@"type=audio"));
        await Assertions.Expect(page.Locator($"#{DomIds.DiscoverResults} li.card .badge-audio").First).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithJavaScript_ScrollingToTheEndLoadsTheNextPage()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/discover"));
        var cards = page.Locator($"#{DomIds.DiscoverResults} li.card");
        await Assertions.Expect(cards).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("nav.pagination")).ToBeHiddenAsync();

        await page.Locator($"#{DomIds.DiscoverMore}").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(24);
        await page.Locator($"#{DomIds.DiscoverMore}").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(36);

        var titles = await page.Locator($"#{DomIds.DiscoverResults} li.card .card-title").AllTextContentsAsync();
        Assert.Equal(titles.Count, titles.Distinct().Count());
        // Issue 15, item 7: the address is the page reached (it stayed /discover, so Back from an item lost the place).
        await page.WaitForURLAsync(new Regex(@"/discover\?page=3$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutJavaScript_ThePageLinksWork()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync(Url("/discover"));
        var firstTitle = await page.Locator("li.card .card-title").First.TextContentAsync();

        await page.ClickAsync("nav.pagination a[rel=next]");
        await page.WaitForURLAsync(new Regex(@"page=2"));
        await Assertions.Expect(page.Locator("nav.pagination [aria-current=page]")).ToHaveTextAsync("2");
        Assert.NotEqual(firstTitle, await page.Locator("li.card .card-title").First.TextContentAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutJavaScript_TheFormSubmitsAndShowsResults()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync(Url("/discover"));

        await page.FillAsync($"#{DomIds.DiscoverSearch}", "light");
        await page.SelectOptionAsync("#f-type", "video");
        await page.ClickAsync($"#{DomIds.DiscoverForm} button[type=submit]");

        await page.WaitForURLAsync(new Regex(@"/discover\?q=light&type=video"));
        await Assertions.Expect(page.Locator($"#{DomIds.DiscoverResults} .result-count")).ToHaveTextAsync("8 results for \u201clight\u201d");
        Assert.Equal("Search: light | Codex", await page.TitleAsync());

        await page.ClickAsync("a.brand");
        await Assertions.Expect(page.Locator("li.card")).ToHaveCountAsync(12);
        await page.Context.CloseAsync();
    }
}
