using System.Net;
using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Discover;

/// <summary>
/// /discover's tag and creator filters (named, removable chips), its paging controls and its live region: issue 15,
/// items 2, 3, 7, 8, 10 and 12 (the card's alt text), through HTTP against the whole system with the demo catalogue.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class DiscoverFiltersTests(SiteFixture fixture)
{
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly TestData _data = new(fixture);

    private static int Total(AngleSharp.Dom.IDocument page) =>
        int.Parse(Regex.Match(page.QuerySelector($"#{DomIds.DiscoverResults} .result-count")!.TextContent, @"^\d+").Value);

    /// <summary>Published, undeleted items carrying <paramref name="tag"/> in any case, as the database holds them.</summary>
    private async Task<int> TaggedInDatabaseAsync(string tag)
    {
        await using var db = fixture.Db();
        var tags = await db.Content.Where(c => c.Status == ContentStatus.Published && c.DeletedAt == null).Select(c => c.Tags).ToListAsync();
        return tags.Count(t => t.Any(x => string.Equals(x, tag, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task TagFilter_Video_FindsTheVideos_NamesTheFilterInTitleHeadingAndChip_AndIsNoindex()
    {
        // Issue 15, item 2: the "video" tag chip ran a text search that found nothing.
        var response = await _site.GetAsync("/discover?tag=video");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Tagged \u201cvideo\u201d | Codex", page.Title);
        Assert.Equal("Tagged \u201cvideo\u201d", page.QuerySelector("main h1")!.TextContent);
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
        var cards = page.QuerySelectorAll($"#{DomIds.DiscoverResults} li.card");
        Assert.Equal(12, cards.Length);
        Assert.All(cards, card => Assert.NotNull(card.QuerySelector(".badge-video")));
        Assert.Equal(await TaggedInDatabaseAsync("video"), Total(page));
        Assert.StartsWith($"{Total(page)} results tagged \u201cvideo\u201d", page.QuerySelector(".result-count")!.TextContent);

        var chip = page.QuerySelector($"#{DomIds.DiscoverFilters} .filter-chip")!;
        Assert.Contains("Tagged video", Regex.Replace(chip.TextContent, @"\s+", " ").Replace("\u00d7", ""));
        var remove = chip.QuerySelector("a.filter-chip-remove")!;
        Assert.Equal("/discover", remove.GetAttribute("href"));
        Assert.Contains("Remove the tag filter", remove.TextContent);
        // The form carries the tag, so searching as you type keeps it.
        Assert.Equal("video", page.QuerySelector($"#{DomIds.DiscoverForm} input[type=hidden][name=tag]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task TagFilter_Light_FindsOnlyTheItemsTaggedLight_NotEveryItemThatMentionsIt()
    {
        // Issue 15, item 2: "light" found every item whose organization mentions light.
        var byText = await (await _site.GetAsync("/discover?q=light")).ParseAsync();
        var byTag = await (await _site.GetAsync("/discover?tag=Light")).ParseAsync();

        var tagged = await TaggedInDatabaseAsync("light");
        Assert.Equal(tagged, Total(byTag));
        Assert.True(Total(byText) > Total(byTag), $"text {Total(byText)}, tag {Total(byTag)}");
        var titles = byTag.QuerySelectorAll("li.card .card-title").Select(t => t.TextContent).ToList();
        Assert.Equal(Math.Min(tagged, 12), titles.Count);
        Assert.All(titles, t => Assert.Contains("light", t, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TagFilter_IsKeptBySearchPagingAndMore_AndItsChipRemovesOnlyTheTag()
    {
        // Issue 15, item 2: search as you type and paging keep the tag; removing it keeps the other filters.
        var page = await (await _site.GetAsync("/discover?tag=video&sort=title")).ParseAsync();

        var next = page.QuerySelector("nav.pagination a[rel=next]")!;
        Assert.Equal("/discover?sort=title&tag=video&page=2", next.GetAttribute("href"));
        var more = page.QuerySelector($"#{DomIds.DiscoverMore} a")!;
        Assert.Equal("/discover/more?sort=title&tag=video&page=2", more.GetAttribute("hx-get"));
        Assert.Equal("/discover?sort=title&tag=video&page=2", more.GetAttribute("hx-replace-url"));
        Assert.Equal("/discover?sort=title", page.QuerySelector($"#{DomIds.DiscoverFilters} a.filter-chip-remove")!.GetAttribute("href"));

        var searched = await (await _site.SendAsync(Html.Htmx("/discover?q=light&type=&access=&org=&sort=title&tag=video"))).ParseFragmentAsync();
        var cards = searched.Document.QuerySelectorAll("li.card");
        Assert.NotEmpty(cards);
        Assert.All(cards, card => Assert.NotNull(card.QuerySelector(".badge-video")));
        Assert.Equal("/discover?q=light&sort=title", searched.Document.QuerySelector($"#{DomIds.DiscoverFilters} a.filter-chip-remove")!.GetAttribute("href"));

        var second = await (await _site.SendAsync(Html.Htmx("/discover/more?sort=title&tag=video&page=2"))).ParseFragmentAsync();
        Assert.All(second.Document.QuerySelectorAll("li.card"), card => Assert.NotNull(card.QuerySelector(".badge-video")));
    }

    [Fact]
    public async Task TagFilter_TooLong_Returns400WithAMessage_AndTheChipToRemoveIt()
    {
        var tag = new string('t', 51);
        var response = await _site.GetAsync($"/discover?tag={tag}&q=light");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("A tag is at most 50 characters.", page.GetElementById(DomIds.DiscoverResults)!.TextContent);
        Assert.Equal("/discover?q=light", page.QuerySelector($"#{DomIds.DiscoverFilters} a.filter-chip-remove")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ContentPage_TagChips_LinkToTheTagFilter()
    {
        // Issue 15, item 2: a tag chip is a tag filter, not a text search.
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Tagged item");

        var page = await (await _site.GetAsync(SiteRoutes.ContentPath(org.Slug, item.Slug))).ParseAsync();

        Assert.Equal("/discover?tag=test", page.QuerySelector("ul.tags a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task CreatorFilter_NamesTheCreator_LinksTheirPage_AndCanBeRemoved()
    {
        // Issue 15, item 3: the creator filter was hidden (no label); now it is named, links the person's page and is removable.
        Guid cleo;
        await using (var db = fixture.Db()) cleo = await db.Users.Where(u => u.Username == "cleo").Select(u => u.Id).SingleAsync();

        var response = await _site.GetAsync($"/discover?creator={cleo}&type=video");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("By Cleo Creator | Codex", page.Title);
        Assert.Equal("By Cleo Creator", page.QuerySelector("main h1")!.TextContent);
        var chip = page.QuerySelector($"#{DomIds.DiscoverFilters} .filter-chip")!;
        var person = chip.QuerySelector("a:not(.filter-chip-remove)")!;
        Assert.Equal("/u/cleo", person.GetAttribute("href"));
        Assert.Equal("Cleo Creator", person.TextContent);
        Assert.Equal("/discover?type=video", chip.QuerySelector("a.filter-chip-remove")!.GetAttribute("href"));
        Assert.Contains("Remove the creator filter (Cleo Creator)", chip.TextContent);
        Assert.Equal(cleo.ToString(), page.QuerySelector($"#{DomIds.DiscoverForm} input[type=hidden][name=creator]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task CreatorFilter_WithoutAUsername_IsNamed_EvenWhenNothingOnThePageIsTheirs_AndTheContentPageLinksIt()
    {
        // Issue 15, item 3: a creator without a public page: the content page's author link is the named filter.
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Nameless Handle Person");
        var item = await _data.ContentAsync(org, creator, "An essay by someone without a page");

        var content = await (await _site.GetAsync(SiteRoutes.ContentPath(org.Slug, item.Slug))).ParseAsync();
        var author = content.QuerySelector(".content-by a[href^='/discover']")!;
        Assert.Equal($"/discover?creator={creator.Id}", author.GetAttribute("href"));
        Assert.Equal("Nameless Handle Person", author.TextContent);

        var page = await (await _site.GetAsync(author.GetAttribute("href"))).ParseAsync();
        Assert.Equal("By Nameless Handle Person", page.QuerySelector("main h1")!.TextContent);
        Assert.Equal(1, Total(page));
        var chip = page.QuerySelector($"#{DomIds.DiscoverFilters} .filter-chip")!;
        Assert.Equal("Nameless Handle Person", chip.QuerySelector("strong")!.TextContent);
        Assert.Null(chip.QuerySelector("a[href^='/u/']"));

        // A search that finds none of their items still names them (their newest item does).
        var none = await (await _site.GetAsync($"/discover?creator={creator.Id}&q=zzzqqq-nothing")).ParseAsync();
        Assert.Contains("Nothing matches \u201czzzqqq-nothing\u201d by Nameless Handle Person yet.", none.QuerySelector(".empty-state")!.TextContent);
        Assert.Equal("Search: zzzqqq-nothing, by Nameless Handle Person | Codex", none.Title);
    }

    [Fact]
    public async Task CreatorFilter_ForSomeoneWithNothingPublished_ReadsAsUnknown_AndCanBeRemoved()
    {
        var response = await _site.GetAsync($"/discover?creator={Guid.NewGuid()}&q=light");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("By an unknown creator", page.QuerySelector("main h1")!.TextContent);
        Assert.Equal("/discover?q=light", page.QuerySelector($"#{DomIds.DiscoverFilters} a.filter-chip-remove")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Pager_HasOneControlEachWay_TheSentinelOnlyWithJavaScript_ThePageLinksOnlyWithout()
    {
        // Issue 15, item 8: without JavaScript the page showed both "More results" and the page links. The sentinel
        // is marked for JavaScript only (site.css hides it on a page without .js), the page links as its fallback
        // (hidden once .js is there). Browser tests check what each kind of visitor sees.
        var page = await (await _site.GetAsync("/discover")).ParseAsync();

        Assert.True(page.GetElementById(DomIds.DiscoverMore)!.HasAttribute("data-needs-js"));
        Assert.True(page.QuerySelector("nav.pagination")!.HasAttribute("data-infinite"));
        var css = await _site.GetStringAsync("/css/site.css");
        Assert.Contains("html:not(.js) [data-needs-js] { display: none; }", css);
        Assert.Contains(".js .pagination[data-infinite] { display: none; }", css);
    }

    [Fact]
    public async Task InfiniteScroll_ReplacesTheAddressWithThePageReached_AndTheDiscoverScriptIsLoaded()
    {
        // Issue 15, item 7: the address follows infinite scroll, so Back from an item comes back to the page reached.
        var page = await (await _site.GetAsync("/discover?access=paid")).ParseAsync();

        var more = page.QuerySelector($"#{DomIds.DiscoverMore} a")!;
        Assert.Equal("/discover?access=paid&page=2", more.GetAttribute("hx-replace-url"));
        Assert.Null(more.GetAttribute("hx-push-url"));
        Assert.NotNull(page.QuerySelector("head script[src^='/js/discover.js'][defer]"));

        var second = await (await _site.SendAsync(Html.Htmx("/discover/more?access=paid&page=2"))).ParseFragmentAsync();
        Assert.Equal("/discover?access=paid&page=3", second.Document.QuerySelector($"#{DomIds.DiscoverMore} a")!.GetAttribute("hx-replace-url"));

        // Reached directly (a reload, a shared address), a later page offers the way to the start.
        var third = await (await _site.GetAsync("/discover?access=paid&page=3")).ParseAsync();
        var start = third.QuerySelector(".results-earlier a")!;
        Assert.Equal("/discover?access=paid", start.GetAttribute("href"));
        Assert.True(third.QuerySelector(".results-earlier")!.HasAttribute("data-needs-js"));
        Assert.Null(page.QuerySelector(".results-earlier"));
    }

    [Fact]
    public async Task LiveRegion_IsTheCountOnly_NotTheResultsGrid()
    {
        // Issue 15, item 10: the results grid was one giant live region.
        var page = await (await _site.GetAsync("/discover?q=light")).ParseAsync();
        var results = page.GetElementById(DomIds.DiscoverResults)!;
        Assert.Null(results.GetAttribute("aria-live"));
        Assert.Null(results.QuerySelector("[aria-live]"));
        var status = page.GetElementById(DomIds.DiscoverStatus)!;
        Assert.Equal("polite", status.GetAttribute("aria-live"));
        Assert.Equal("status", status.GetAttribute("role"));
        Assert.False(results.Contains(status));

        var (raw, fragment) = await (await _site.SendAsync(Html.Htmx("/discover?q=light"))).ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.DiscoverResults}\"", raw.TrimStart());
        var swapped = fragment.GetElementById(DomIds.DiscoverStatus)!;
        Assert.Equal("innerHTML", swapped.GetAttribute("hx-swap-oob"));
        Assert.Matches(@"^\d+ results for \u201clight\u201d\.$", swapped.TextContent);
        Assert.Contains("<title>Search: light | Codex</title>", raw);

        var more = await (await _site.SendAsync(Html.Htmx("/discover/more?page=2"))).ParseFragmentAsync();
        Assert.Matches(@"^Showing 24 of \d+ results\.$", more.Document.GetElementById(DomIds.DiscoverStatus)!.TextContent);
    }

    [Fact]
    public async Task CardImages_HaveEmptyAlt_TheTitleIsTheLinksText()
    {
        // Issue 15, item 12: card images repeated the title as alt text inside the same link.
        var page = await (await _site.GetAsync("/discover")).ParseAsync();

        var images = page.QuerySelectorAll("li.card a.card-link img.card-thumb");
        Assert.NotEmpty(images);
        Assert.All(images, img => Assert.Equal("", img.GetAttribute("alt")));
        Assert.All(page.QuerySelectorAll("li.card a.card-link"), link => Assert.False(string.IsNullOrWhiteSpace(link.TextContent)));
    }
}
