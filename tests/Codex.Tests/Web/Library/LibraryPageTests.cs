using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Library;

/// <summary><c>/library</c> through HTTP against the whole system: the signed-in user's items with their progress.</summary>
[Collection(SiteCollection.Name)]
public sealed class LibraryPageTests(SiteFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestData _data = new(fixture);

    /// <summary>
    /// A user who bought "Alpha Lesson" (video, in progress 30 %, watched last), "Bravo Talk" (video, completed) and
    /// "Charlie Notes" (article, not started), and is part way (25 %) through free "Delta Free" they did not buy.
    /// Recent order: Alpha, Delta, Bravo, Charlie.
    /// </summary>
    private async Task<(SiteBrowser Browser, Data.Organization Org, Dictionary<string, Data.ContentItem> Items)> ArrangeAsync()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator");
        var user = await _data.UserAsync("Library Reader");
        var alpha = await _data.ContentAsync(org, creator, "Alpha Lesson", ContentType.Video, AccessType.Paid, description: "Shared word kumquat");
        var bravo = await _data.ContentAsync(org, creator, "Bravo Talk", ContentType.Video, AccessType.Paid);
        var charlie = await _data.ContentAsync(org, creator, "Charlie Notes", ContentType.Written, AccessType.Paid);
        var delta = await _data.ContentAsync(org, creator, "Delta Free", ContentType.Video, AccessType.Free);
        await using (var db = fixture.Db())
        {
            db.Attach(alpha);
            alpha.ThumbnailUrl = "/img/alpha.jpg";
            await db.SaveChangesAsync();
        }
        await _data.PurchaseAsync(user, alpha);
        await _data.PurchaseAsync(user, bravo);
        await _data.PurchaseAsync(user, charlie);
        await _data.ProgressAsync(user, alpha, 30, 100, false, T0.AddDays(10));
        await _data.ProgressAsync(user, delta, 50, 200, false, T0.AddDays(5));
        await _data.ProgressAsync(user, bravo, 100, 100, true, T0.AddDays(3));
        var browser = await BrowserAsync(user);
        return (browser, org, new() { ["Alpha"] = alpha, ["Bravo"] = bravo, ["Charlie"] = charlie, ["Delta"] = delta });
    }

    private async Task<SiteBrowser> BrowserAsync(Data.User user)
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return browser;
    }

    private static IElement Results(IDocument page) => page.GetElementById(DomIds.LibraryResults)!;

    /// <summary>The titles of the main list (not the continue-watching strip), in order.</summary>
    private static string[] Titles(IDocument page) =>
        Results(page).QuerySelectorAll(":scope > ul.cards > li.card .card-title").Select(t => t.TextContent.Trim()).ToArray();

    private static IElement Card(IDocument page, string title) =>
        Results(page).QuerySelectorAll(":scope > ul.cards > li.card").Single(c => c.QuerySelector(".card-title")!.TextContent.Trim() == title);

    [Fact]
    public async Task Get_Library_Anonymous_RedirectsToLogin()
    {
        var response = await fixture.Client(Role.Site).GetAsync("/library");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?redirect=%2Flibrary", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Get_Library_FullPage_HasLayoutTitleFormAndARegionThatRefreshesOnLibraryChanged()
    {
        var (browser, _, _) = await ArrangeAsync();

        var response = await browser.GetAsync("/library");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        // Private to the signed-in user (the antiforgery token of the layout's sign-out form makes it no-store).
        var cacheControl = response.Headers.CacheControl!;
        Assert.True(cacheControl.Private || cacheControl.NoStore, cacheControl.ToString());
        Assert.False(cacheControl.Public);
        var page = await response.ParseAsync();
        Assert.Equal("Your library | Codex", page.Title);
        Assert.NotNull(page.QuerySelector("header.site-header .nav-user"));
        var form = page.GetElementById(DomIds.LibraryForm)!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/library", form.GetAttribute("action"));
        Assert.Equal("true", form.GetAttribute("hx-push-url"));
        Assert.Equal($"#{DomIds.LibraryResults}", form.GetAttribute("hx-target"));
        Assert.Contains(HtmxEvents.Search, form.GetAttribute("hx-trigger"));
        Assert.Equal(HtmxEvents.Search, form.GetAttribute("data-search-event"));
        Assert.NotNull(form.QuerySelector($"#{DomIds.LibrarySearch}[name=q][data-search-input]"));
        Assert.Equal("all", form.QuerySelector("select[name=filter] option[selected]")?.GetAttribute("value"));
        Assert.Equal("recent", form.QuerySelector("select[name=sort] option[selected]")?.GetAttribute("value"));
        var results = Results(page);
        Assert.Equal("library-changed from:body", results.GetAttribute("hx-trigger"));
        Assert.Equal("/library", results.GetAttribute("hx-get"));
        Assert.Equal("outerHTML", results.GetAttribute("hx-swap"));
        Assert.Null(page.QuerySelector("[style]"));
    }

    [Fact]
    public async Task Get_Library_ShowsItemsWithPurchasesProgressBarsAndLinks_ContinueWatchingFirst()
    {
        var (browser, org, items) = await ArrangeAsync();

        var page = await browser.PageAsync("/library");

        // Continue watching: the in-progress items, most recent first, before the list.
        var strip = Results(page).QuerySelector(".continue-watching")!;
        Assert.Equal("Continue watching", strip.QuerySelector("h2")!.TextContent);
        Assert.Equal(["Alpha Lesson", "Delta Free"], strip.QuerySelectorAll("li.card .card-title").Select(t => t.TextContent.Trim()));
        Assert.True(strip.CompareDocumentPosition(Results(page).QuerySelector(":scope > ul.cards")!).HasFlag(DocumentPositions.Following));
        // Everything, most recent first.
        Assert.Equal(["Alpha Lesson", "Delta Free", "Bravo Talk", "Charlie Notes"], Titles(page));
        Assert.Contains("4 items", Results(page).QuerySelector(".result-count")!.TextContent);

        var alpha = Card(page, "Alpha Lesson");
        Assert.Equal($"/o/{org.Slug}/content/{items["Alpha"].Slug}", alpha.QuerySelector("a.card-link")!.GetAttribute("href"));
        // The image sits in the link that the title names: alt="" so the title is not read twice (issue 15, item 12).
        Assert.Equal("", alpha.QuerySelector("img.card-thumb")!.GetAttribute("alt"));
        var bar = alpha.QuerySelector("progress")!;
        Assert.Equal("100", bar.GetAttribute("max"));
        Assert.Equal("30", bar.GetAttribute("value"));
        Assert.Equal("30% watched", bar.GetAttribute("aria-label"));
        Assert.Contains("Bought 1 Jun 2026", alpha.TextContent);

        var delta = Card(page, "Delta Free");
        Assert.Equal("25", delta.QuerySelector("progress")!.GetAttribute("value"));
        Assert.DoesNotContain("Bought", delta.TextContent);

        var bravo = Card(page, "Bravo Talk");
        Assert.Equal("100", bravo.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Contains("Completed", bravo.TextContent);

        var charlie = Card(page, "Charlie Notes");
        Assert.Null(charlie.QuerySelector("progress"));
        Assert.Contains("Bought", charlie.TextContent);
        Assert.NotNull(charlie.QuerySelector(".card-thumb-empty[aria-hidden=true]"));
    }

    [Fact]
    public async Task Get_Library_AsHtmxRequest_ReturnsOnlyTheResultsRegion()
    {
        var (browser, _, _) = await ArrangeAsync();

        var response = await browser.SendAsync(Html.Htmx("/library?filter=in_progress&sort=title"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        Assert.DoesNotContain("site-header", raw);
        Assert.StartsWith($"<section id=\"{DomIds.LibraryResults}\"", raw.TrimStart());
        // The refresh on library-changed keeps the current query.
        Assert.Equal("/library?filter=in_progress&sort=title", fragment.GetElementById(DomIds.LibraryResults)!.GetAttribute("hx-get"));
        Assert.Equal(2, fragment.QuerySelectorAll("li.card").Length);
        // Issue 15, item 10: the list is not a live region; only the count is announced, into the page's status.
        Assert.Null(fragment.GetElementById(DomIds.LibraryResults)!.GetAttribute("aria-live"));
        var status = fragment.GetElementById(DomIds.LibraryStatus)!;
        Assert.Equal("innerHTML", status.GetAttribute("hx-swap-oob"));
        Assert.Equal("2 items.", status.TextContent);
        var page = await browser.PageAsync("/library");
        Assert.Equal("polite", page.GetElementById(DomIds.LibraryStatus)!.GetAttribute("aria-live"));
        Assert.Empty(page.GetElementById(DomIds.LibraryStatus)!.TextContent);
        Assert.DoesNotContain(page.QuerySelectorAll("[aria-live]"), e => e.QuerySelector("li.card") is not null);
    }

    [Theory]
    [InlineData("?filter=completed", new[] { "Bravo Talk" })]
    [InlineData("?filter=in_progress", new[] { "Alpha Lesson", "Delta Free" })]
    [InlineData("?filter=not_started", new[] { "Charlie Notes" })]
    [InlineData("?filter=all&sort=title", new[] { "Alpha Lesson", "Bravo Talk", "Charlie Notes", "Delta Free" })]
    [InlineData("?sort=recent", new[] { "Alpha Lesson", "Delta Free", "Bravo Talk", "Charlie Notes" })]
    [InlineData("?q=charlie", new[] { "Charlie Notes" })]
    [InlineData("?q=kumquat&filter=in_progress", new[] { "Alpha Lesson" })]
    public async Task Get_Library_FilterSortAndSearch_Narrow(string query, string[] expected)
    {
        var (browser, _, _) = await ArrangeAsync();

        var page = await browser.PageAsync("/library" + query);

        Assert.Equal(expected, Titles(page));
        var filtered = query.Contains("q=") || (query.Contains("filter=") && !query.Contains("filter=all"));
        Assert.Equal(!filtered, Results(page).QuerySelector(".continue-watching") is not null);
        if (query.Contains("q=charlie")) Assert.Equal("charlie", page.GetElementById(DomIds.LibrarySearch)!.GetAttribute("value"));
        if (query.Contains("filter=completed")) Assert.Equal("completed", page.QuerySelector("select[name=filter] option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Get_Library_Pages_WithAndWithoutHtmx()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator");
        var user = await _data.UserAsync("Big Library");
        for (var i = 1; i <= 13; i++)
        {
            await _data.PurchaseAsync(user, await _data.ContentAsync(org, creator, $"Item {i:00}", ContentType.Video, AccessType.Paid));
        }
        var browser = await BrowserAsync(user);

        var first = await browser.PageAsync("/library?sort=title");
        var next = first.QuerySelector($"#{DomIds.LibraryResults} nav.pagination a[rel=next]")!;
        var second = await browser.PageAsync(next.GetAttribute("href")!);

        Assert.Equal(12, Titles(first).Length);
        Assert.Equal("/library?sort=title&page=2", next.GetAttribute("href"));
        Assert.Equal(next.GetAttribute("href"), next.GetAttribute("hx-get"));
        Assert.Equal($"#{DomIds.LibraryResults}", next.GetAttribute("hx-target"));
        Assert.Equal(["Item 13"], Titles(second));
        Assert.Equal("2", second.QuerySelector("nav.pagination [aria-current=page]")?.TextContent);
    }

    [Theory]
    [InlineData("/library?filter=bogus&q=alpha", "filter")]
    [InlineData("/library?sort=random", "sort")]
    [InlineData("/library?page=0", null)]
    [InlineData("/library?page=abc", null)]
    [InlineData("/library?page=5000", null)]
    [InlineData("/library?q=a", null)]
    public async Task Get_Library_WithBadQueryValue_Returns400WithAMessage_NotA500(string url, string? field)
    {
        var browser = await BrowserAsync(await _data.UserAsync());

        var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.NotNull(page.QuerySelector("header.site-header"));
        Assert.NotEmpty(Results(page).QuerySelectorAll(".notice li"));
        if (field is not null) Assert.NotNull(page.QuerySelector($"#f-{field}-error"));
        if (url.EndsWith("q=a")) Assert.NotNull(page.QuerySelector("#q-error"));
        if (url.Contains("q=alpha")) Assert.Equal("alpha", page.GetElementById(DomIds.LibrarySearch)!.GetAttribute("value"));
    }

    [Fact]
    public async Task Get_Library_WithBadQueryValue_AsHtmx_SwapsTheNotice()
    {
        var browser = await BrowserAsync(await _data.UserAsync());

        var response = await browser.SendAsync(Html.Htmx("/library?q=a"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (raw, _) = await response.ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.LibraryResults}\"", raw.TrimStart());
        Assert.Contains("at least 2 characters", raw);
    }

    [Fact]
    public async Task Get_Library_ForAUserWithNothing_ShowsAHelpfulEmptyState_AndAnotherOneWhenAFilterMatchesNothing()
    {
        var (browser, _, _) = await ArrangeAsync();
        var empty = await BrowserAsync(await _data.UserAsync("New Customer"));

        var nothing = await empty.PageAsync("/library");
        var noMatch = await browser.PageAsync("/library?q=zzzqqq-nothing");

        var state = Results(nothing).QuerySelector(".empty-state")!;
        Assert.Contains("Nothing here yet", state.TextContent);
        Assert.NotNull(state.QuerySelector("a[href='/discover']"));
        Assert.Null(Results(nothing).QuerySelector(".continue-watching"));
        var filtered = Results(noMatch).QuerySelector(".empty-state")!;
        Assert.Contains("Nothing in your library matches", filtered.TextContent);
        Assert.NotNull(filtered.QuerySelector("a[href='/library']"));
    }

    [Fact]
    public async Task Get_Library_WhenContentApiIsDown_ShowsNoticeWithRetry_Returns503()
    {
        var user = await _data.UserAsync("Outage Reader");
        var cookie = (await _data.SessionCookieAsync(user)).Split('=', 2)[1];
        // A second site whose sessions come from this fixture's Auth worker and whose Content-API is down.
        await using var system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                [WorkerInfo.Of(Role.Auth).UrlVariable] = fixture.System.Urls[Role.Auth].ToString(),
                [WorkerInfo.Of(Role.ContentApi).UrlVariable] = ClosedPort.Url().ToString(),
            },
        });
        var browser = new SiteBrowser(system.SiteUrl);
        browser.SetCookie("codex-session", cookie);

        var response = await browser.GetAsync("/library?q=alpha&filter=completed");
        var fragment = await browser.SendAsync(Html.Htmx("/library"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.NotNull(page.QuerySelector("header.site-header .nav-user"));
        Assert.Equal("alpha", page.GetElementById(DomIds.LibrarySearch)!.GetAttribute("value"));
        var retry = Results(page).QuerySelector(".notice-unavailable a")!;
        Assert.Equal("/library?q=alpha&filter=completed", retry.GetAttribute("href"));
        Assert.Equal($"#{DomIds.LibraryResults}", retry.GetAttribute("hx-target"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fragment.StatusCode);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.LibraryResults}\"", raw.TrimStart());
        Assert.Contains("notice-unavailable", raw);
    }
}
