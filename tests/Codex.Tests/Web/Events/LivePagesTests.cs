using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Contracts.Notifications;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Events;

/// <summary>
/// Issue 16 (ADR 037): the pages that listen to <c>GET /events</c>, as markup. A live page opens its stream from its
/// page section (<c>hx-ext="sse" sse-connect="/events?since=..."</c>, the time it was rendered) and loads the pinned
/// SSE extension and live.js after htmx; its regions name the events that refresh them (<c>data-live</c>,
/// <c>data-media-id</c>), polls are marked as the fallback (<c>data-live-poll</c>), and a refresh link serves a browser
/// without JavaScript. htmx fragments stay what they were: no stream, no script.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class LivePagesTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<(SiteBrowser Browser, Data.User User)> SignedInAsync(string name = "Live reader")
    {
        var user = await _data.UserAsync(name);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie(SessionCookie.Name, (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return (browser, user);
    }

    private async Task<(SiteBrowser Browser, Data.Organization Org, Data.User User)> CreatorAsync()
    {
        var org = await _data.OrganizationAsync();
        var (browser, user) = await SignedInAsync("Live creator");
        await _data.MembershipAsync(org, user, MemberRole.Creator);
        return (browser, org, user);
    }

    /// <summary>Fetches <paramref name="path"/> as a page and asserts that it listens: the stream since its render, the scripts after htmx.</summary>
    private static async Task<IDocument> LivePageAsync(SiteBrowser browser, string path)
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var page = await browser.PageAsync(path);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var live = Assert.Single(page.QuerySelectorAll("[sse-connect]"));
        Assert.Equal("sse", live.GetAttribute("hx-ext"));
        var connect = live.GetAttribute("sse-connect")!;
        Assert.StartsWith(SiteRoutes.Events + "?since=", connect);
        var since = long.Parse(connect.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(since, before - 1000, after + 1000);
        var scripts = page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).ToList();
        var htmx = scripts.FindIndex(s => s.StartsWith("/lib/htmx/htmx.min.js", StringComparison.Ordinal));
        var extension = scripts.FindIndex(s => s.StartsWith("/lib/htmx/ext/sse.min.js?v=", StringComparison.Ordinal));
        var glue = scripts.FindIndex(s => s.StartsWith("/js/live.js?v=", StringComparison.Ordinal));
        Assert.True(htmx >= 0 && extension > htmx && glue > extension, string.Join(" ", scripts));
        Assert.All(page.QuerySelectorAll("script[src*='sse.min.js'], script[src*='live.js']"), s => Assert.True(s.HasAttribute("defer")));
        return page;
    }

    private static void AssertQuiet(IDocument page)
    {
        Assert.Empty(page.QuerySelectorAll("[sse-connect]"));
        Assert.Empty(page.QuerySelectorAll("script[src*='sse.min.js'], script[src*='live.js']"));
    }

    private static async Task<(string Raw, IDocument Fragment)> FragmentAsync(SiteBrowser browser, string path)
    {
        var response = await browser.SendAsync(Html.Htmx(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.DoesNotContain("sse-connect", raw); // a region swapped in never opens a second stream
        Assert.DoesNotContain("<script", raw);
        return (raw, fragment);
    }

    [Fact]
    public async Task MediaPage_ListensSinceItsRender_AndARowBeingPrepared_FollowsEvents_PollingOnlyAsTheFallback()
    {
        var (browser, org, user) = await CreatorAsync();
        var preparing = await _data.MediaAsync(org, user, status: MediaStatus.Transcoding);
        var ready = await _data.MediaAsync(org, user, status: MediaStatus.Ready);

        var page = await LivePageAsync(browser, $"/studio/{org.Slug}/media");

        var row = page.GetElementById($"media-{preparing.Id}")!;
        Assert.Equal(preparing.Id.ToString(), row.GetAttribute("data-media-id"));
        Assert.Equal("transcoding", row.GetAttribute("data-status"));
        Assert.True(row.HasAttribute("data-live-poll"));
        Assert.Equal("every 3s", row.GetAttribute("hx-trigger"));
        Assert.NotNull(row.QuerySelector(".media-status progress[max='100']")); // the percentage goes here as it comes
        var done = page.GetElementById($"media-{ready.Id}")!;
        Assert.Equal("ready", done.GetAttribute("data-status"));
        Assert.False(done.HasAttribute("data-live-poll"));
        Assert.Null(done.QuerySelector("progress"));
        // Without JavaScript: the state as of the request and a refresh link.
        Assert.Equal($"/studio/{org.Slug}/media", page.QuerySelector("#media-list .no-js-only a")!.GetAttribute("href"));

        var (raw, fragment) = await FragmentAsync(browser, $"/studio/{org.Slug}/media/{preparing.Id}/row");
        Assert.StartsWith($"<tr id=\"media-{preparing.Id}\"", raw.TrimStart());
        Assert.Contains("data-live-poll", raw);
    }

    [Fact]
    public async Task EditPage_ListensOnlyWhileItsMediaIsBeingPrepared_AndTheStateLineLinksToARefresh()
    {
        var (browser, org, user) = await CreatorAsync();
        var (item, media) = await _data.VideoAsync(org, user, title: "Live clip in the works", mediaStatus: MediaStatus.Transcoding);
        var (readyItem, _) = await _data.VideoAsync(org, user, title: "Live clip done", mediaStatus: MediaStatus.Ready);

        var page = await LivePageAsync(browser, $"/studio/{org.Slug}/content/{item.Id}/edit");
        var state = page.GetElementById($"media-state-{media.Id}")!;
        Assert.Equal("transcoding", state.GetAttribute("data-status"));
        Assert.True(state.HasAttribute("data-live-poll"));
        Assert.NotNull(state.QuerySelector("progress"));
        Assert.Equal($"/studio/{org.Slug}/content/{item.Id}/edit", state.QuerySelector(".no-js-only a")!.GetAttribute("href"));
        var (raw, _) = await FragmentAsync(browser, $"/studio/{org.Slug}/media/{media.Id}/state");
        Assert.StartsWith($"<p id=\"media-state-{media.Id}\"", raw.TrimStart());

        AssertQuiet(await browser.PageAsync($"/studio/{org.Slug}/content/{readyItem.Id}/edit"));
    }

    [Fact]
    public async Task CheckoutSuccess_WhileWaiting_Listens_AndPolls_AsTheFallback_WithCheckAgainWithoutJavaScript()
    {
        var (browser, _) = await SignedInAsync("Live buyer");
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Live paid " + Guid.NewGuid().ToString("N")[..6],
            ContentType.Video, AccessType.Paid, body: null);
        var buy = await browser.SubmitAsync(await browser.PageAsync($"/o/{org.Slug}/content/{item.Slug}"), $"#{DomIds.BuyForm}", new());
        var location = buy.Headers.Location!;
        var sessionId = (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString).Split('/').Last();
        var url = "/checkout/success?session_id=" + sessionId;

        var page = await LivePageAsync(browser, url);
        var status = page.GetElementById(DomIds.CheckoutStatus)!;
        Assert.Equal($"{LiveEventTypes.PurchaseCompleted} {LiveEventTypes.LibraryChanged}", status.GetAttribute("data-live")); // every outcome sends library-changed
        Assert.True(status.HasAttribute("data-live-poll"));
        Assert.Equal((url, "every 2s"), (status.GetAttribute("hx-get"), status.GetAttribute("hx-trigger")));
        Assert.Equal(url, status.QuerySelector("a")!.GetAttribute("href")); // "Check again"
        var (raw, _) = await FragmentAsync(browser, url);
        Assert.StartsWith($"<div id=\"{DomIds.CheckoutStatus}\"", raw.TrimStart());

        // Once paid, the page has nothing to wait for: no stream.
        var checkout = await browser.PageAsync(location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
        await browser.SubmitAsync(checkout, "form[action$='/pay']", new());
        var paid = await browser.PageAsync(url);
        Assert.Equal("Thank you!", paid.QuerySelector($"#{DomIds.CheckoutStatus} h1")!.TextContent);
        AssertQuiet(paid);
    }

    [Fact]
    public async Task Library_Listens_AndItsResultsRefreshOnLibraryChanged_WithTheirOwnQuery_OrByTheRefreshLink()
    {
        var (browser, user) = await SignedInAsync();
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Live owned " + Guid.NewGuid().ToString("N")[..6],
            ContentType.Video, AccessType.Paid, body: null);
        await _data.PurchaseAsync(user, item);
        const string path = "/library?filter=not_started&sort=title";

        var page = await LivePageAsync(browser, path);
        var results = page.GetElementById(DomIds.LibraryResults)!;
        Assert.Equal(LiveEventTypes.LibraryChanged, results.GetAttribute("data-live"));
        Assert.Equal(path, results.GetAttribute("hx-get"));
        Assert.Equal(path, results.QuerySelector(".no-js-only a")!.GetAttribute("href"));

        var (raw, fragment) = await FragmentAsync(browser, path + "&page=1");
        Assert.StartsWith($"<section id=\"{DomIds.LibraryResults}\"", raw.TrimStart());
        Assert.Equal(LiveEventTypes.LibraryChanged, fragment.GetElementById(DomIds.LibraryResults)!.GetAttribute("data-live"));
        Assert.Equal(path, fragment.QuerySelector($"#{DomIds.LibraryResults} .no-js-only a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task StudioContentList_Listens_AndRefreshesOnContentChanged_WithItsFilters_OrByTheRefreshLink()
    {
        var (browser, org, user) = await CreatorAsync();
        await _data.ContentAsync(org, user, "Live draft " + Guid.NewGuid().ToString("N")[..6]);
        var path = $"/studio/{org.Slug}/content?status=published";

        var page = await LivePageAsync(browser, path);
        var results = page.GetElementById(DomIds.StudioResults)!;
        Assert.Equal(LiveEventTypes.ContentChanged, results.GetAttribute("data-live"));
        Assert.Equal(path, results.GetAttribute("data-live-url"));
        Assert.Null(results.GetAttribute("hx-get")); // refreshed by live.js only, never by a click
        Assert.Equal(path, results.QuerySelector(".no-js-only a")!.GetAttribute("href"));

        var (raw, fragment) = await FragmentAsync(browser, path);
        Assert.StartsWith($"<section id=\"{DomIds.StudioResults}\"", raw.TrimStart());
        Assert.Equal(path, fragment.GetElementById(DomIds.StudioResults)!.GetAttribute("data-live-url"));
    }

    [Fact]
    public async Task PagesThatDoNotListen_LoadNeitherTheExtensionNorLiveJs()
    {
        var (browser, _) = await SignedInAsync();
        AssertQuiet(await browser.PageAsync("/"));
        AssertQuiet(await browser.PageAsync("/discover"));
        AssertQuiet(await browser.PageAsync("/account"));
    }

    [Fact]
    public async Task TheVendoredExtension_AndLiveJs_AreServed()
    {
        var http = new HttpClient { BaseAddress = fixture.System.SiteUrl };
        var extension = await http.GetAsync("/lib/htmx/ext/sse.min.js");
        var glue = await http.GetAsync("/js/live.js");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (extension.StatusCode, glue.StatusCode));
        Assert.Contains("htmx.defineExtension(\"sse\"", await extension.Content.ReadAsStringAsync());
        Assert.Contains("htmx:sseOpen", await glue.Content.ReadAsStringAsync());
    }
}
