using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Infrastructure.Auth;

/// <summary>
/// The site keeps a signed-in user's own worker data (library, progress, streaming URL, an item as they see it) for a
/// few seconds in its own memory (ADR 026), and drops it at once when it changes: a progress save through the site,
/// a completed purchase, leaving an organization. Two users never see each other's.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class UserDataCacheTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<SiteBrowser> BrowserAsync(Data.User user)
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie(SessionCookie.Name, (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return browser;
    }

    private static HttpRequestMessage Save(Guid contentId, double position, double duration)
    {
        var save = new HttpRequestMessage(HttpMethod.Post, $"/progress/{contentId}")
        {
            Content = JsonContent.Create(new { positionSeconds = position, durationSeconds = duration }),
        };
        save.Headers.Add("Sec-Fetch-Site", "same-origin");
        return save;
    }

    private static string[] ContinueWatching(IDocument page) =>
        page.QuerySelectorAll($"#{DomIds.LibraryResults} .continue-watching li.card .card-title").Select(t => t.TextContent.Trim()).ToArray();

    private static string[] Titles(IDocument page) =>
        page.QuerySelectorAll($"#{DomIds.LibraryResults} > ul.cards > li.card .card-title").Select(t => t.TextContent.Trim()).ToArray();

    private static string? Bar(IDocument page, string title) =>
        page.QuerySelectorAll($"#{DomIds.LibraryResults} > ul.cards > li.card")
            .Single(c => c.QuerySelector(".card-title")!.TextContent.Trim() == title).QuerySelector("progress")?.GetAttribute("value");

    private static string Path(Data.Organization org, Data.ContentItem item) => $"/o/{org.Slug}/content/{item.Slug}";

    [Fact]
    public async Task AProgressSaveThroughTheSite_ShowsOnTheVeryNextLibraryAndContentPage_InBothShapes()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator");
        var (item, _) = await _data.VideoAsync(org, creator);
        var user = await _data.UserAsync("Saver");
        var browser = await BrowserAsync(user);
        var libraryBefore = await browser.PageAsync("/library");
        var fragmentBefore = await (await browser.SendAsync(Html.Htmx("/library?filter=in_progress"))).ParseAsync();
        var contentBefore = await browser.PageAsync(Path(org, item));
        Assert.Empty(ContinueWatching(libraryBefore));
        Assert.Empty(Titles(fragmentBefore));
        Assert.Null(contentBefore.QuerySelector(".player-resume"));

        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(Save(item.Id, 40, 100))).StatusCode);

        var library = await browser.PageAsync("/library");
        var fragment = await (await browser.SendAsync(Html.Htmx("/library?filter=in_progress"))).ParseAsync();
        var content = await browser.PageAsync(Path(org, item));
        Assert.Equal([item.Title], ContinueWatching(library));
        Assert.Equal("40", Bar(library, item.Title));
        Assert.Equal([item.Title], Titles(fragment));
        Assert.Null(fragment.QuerySelector("header.site-header")); // still the fragment
        Assert.Contains("Resuming at 0:40", content.QuerySelector(".player-resume")!.TextContent);

        // And again: a second save moves both on at once.
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(Save(item.Id, 70, 100))).StatusCode);
        Assert.Equal("70", Bar(await browser.PageAsync("/library"), item.Title));
        Assert.Contains("Resuming at 1:10", (await browser.PageAsync(Path(org, item))).QuerySelector(".player-resume")!.TextContent);
    }

    [Fact]
    public async Task APurchaseThatCompletes_ShowsInTheLibraryAndPlaysOnTheContentPage_AtOnce()
    {
        var org = await _data.OrganizationAsync();
        var (item, _) = await _data.VideoAsync(org, await _data.UserAsync("Creator"), AccessType.Paid);
        var browser = await BrowserAsync(await _data.UserAsync("Buyer"));
        Assert.Empty(Titles(await browser.PageAsync("/library")));
        var page = await browser.PageAsync(Path(org, item));
        Assert.Null(page.GetElementById(DomIds.Player));

        var buy = await browser.SubmitAsync(page, $"#{DomIds.BuyForm}", new());
        var checkout = await browser.PageAsync(Local(buy.Headers.Location!));
        var paid = await browser.SubmitAsync(checkout, "form[action$='/pay']", new());
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);

        Assert.Equal([item.Title], Titles(await browser.PageAsync("/library")));
        Assert.NotNull((await browser.PageAsync(Path(org, item))).QuerySelector($"#{DomIds.Player} video"));
    }

    [Fact]
    public async Task ADraftEditedOrDeleted_ShowsToItsTeamOnTheVeryNextView()
    {
        // The site keeps a draft as each team member saw it; the Content-API drops the organization's entries on any
        // change of a draft (not only of a published item), so the next view is the new one.
        var org = await _data.OrganizationAsync();
        var owner = await _data.UserAsync("Owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        var draft = await _data.ContentAsync(org, owner, "First Draft Title", status: ContentStatus.Draft, body: "First *body*.");
        var browser = await BrowserAsync(owner);
        Assert.Contains("First Draft Title", (await browser.PageAsync(Path(org, draft))).QuerySelector("h1")!.TextContent);

        var cookie = await _data.SessionCookieAsync(owner);
        var edit = new HttpRequestMessage(HttpMethod.Patch, $"/api/content/{draft.Id}")
        {
            Content = new StringContent("""{"title":"Second Draft Title"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        edit.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client(Role.ContentApi).SendAsync(edit)).StatusCode);
        Assert.Contains("Second Draft Title", (await browser.PageAsync(Path(org, draft))).QuerySelector("h1")!.TextContent);

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/content/{draft.Id}");
        delete.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client(Role.ContentApi).SendAsync(delete)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(Path(org, draft))).StatusCode);
    }

    [Fact]
    public async Task LeavingAnOrganization_TakesItsMembersOnlyItemsAway_AtOnce()
    {
        var org = await _data.OrganizationAsync();
        var owner = await _data.UserAsync("Owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        var article = await _data.ContentAsync(org, owner, "Members Article", ContentType.Written, AccessType.Members, body: "Only for *members*.");
        var (video, _) = await _data.VideoAsync(org, owner, AccessType.Members);
        var member = await _data.UserAsync("Member");
        await _data.MembershipAsync(org, member, MemberRole.Member);
        var browser = await BrowserAsync(member);
        Assert.Contains("Only for", (await browser.PageAsync(Path(org, article))).QuerySelector(".prose")!.TextContent);
        Assert.NotNull((await browser.PageAsync(Path(org, video))).QuerySelector($"#{DomIds.Player} video"));

        var space = await browser.PageAsync($"/o/{org.Slug}");
        var left = await browser.SubmitAsync(space, $"#{DomIds.JoinPanel} form", new());
        Assert.Equal(HttpStatusCode.SeeOther, left.StatusCode);

        var articleAfter = await browser.PageAsync(Path(org, article));
        Assert.Null(articleAfter.QuerySelector(".prose"));
        Assert.NotNull(articleAfter.QuerySelector(".access-notice"));
        Assert.Null((await browser.PageAsync(Path(org, video))).GetElementById(DomIds.Player));
    }

    [Fact]
    public async Task TwoUsers_NeverSeeEachOthersLibraryProgressOrArticle()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator");
        var (video, _) = await _data.VideoAsync(org, creator, AccessType.Paid);
        var article = await _data.ContentAsync(org, creator, "Paid Article", ContentType.Written, AccessType.Paid, body: "The paid words.");
        var ann = await _data.UserAsync("Ann");
        var bob = await _data.UserAsync("Bob");
        await _data.PurchaseAsync(ann, video);
        await _data.PurchaseAsync(ann, article);
        await _data.ProgressAsync(ann, video, 30, 100, false, DateTimeOffset.UtcNow);
        var annBrowser = await BrowserAsync(ann);
        var bobBrowser = await BrowserAsync(bob);

        var annLibrary = await annBrowser.PageAsync("/library");
        var annArticle = await annBrowser.PageAsync(Path(org, article));
        var annVideo = await annBrowser.PageAsync(Path(org, video));
        var bobLibrary = await bobBrowser.PageAsync("/library");
        var bobArticle = await bobBrowser.PageAsync(Path(org, article));
        var bobVideo = await bobBrowser.PageAsync(Path(org, video));

        Assert.Equal(2, Titles(annLibrary).Length);
        Assert.Contains("The paid words.", annArticle.QuerySelector(".prose")!.TextContent);
        Assert.Contains("Resuming at 0:30", annVideo.QuerySelector(".player-resume")!.TextContent);
        Assert.Empty(Titles(bobLibrary));
        Assert.Null(bobArticle.QuerySelector(".prose"));
        Assert.NotNull(bobArticle.GetElementById(DomIds.BuyForm));
        Assert.Null(bobVideo.GetElementById(DomIds.Player));
        // Ann's pages again, after Bob's: still hers.
        Assert.Contains("The paid words.", (await annBrowser.PageAsync(Path(org, article))).QuerySelector(".prose")!.TextContent);
    }

    [Fact]
    public async Task PagesOfOneUser_AskTheContentWorkerForTheLibraryOnce_WithinTheCacheTime()
    {
        var browser = await BrowserAsync(await _data.UserAsync("Reader"));
        var start = await ContentApiCallsAsync(fixture.System, ContentRoutes.Library);

        await browser.PageAsync("/library");
        var afterFirst = await ContentApiCallsAsync(fixture.System, ContentRoutes.Library);
        for (var i = 0; i < 3; i++) await browser.PageAsync("/library");
        var afterFour = await ContentApiCallsAsync(fixture.System, ContentRoutes.Library);

        Assert.Equal(start + 2, afterFirst); // the results and the continue-watching strip
        Assert.Equal(afterFirst, afterFour);
    }

    private static string Local(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.ToString();

    /// <summary>
    /// How many times the Content-API answered <paramref name="route"/>, from its own <c>/metrics</c>. The exporter keeps
    /// a scrape for up to 300 ms, so each reading waits that out first.
    /// </summary>
    internal static async Task<long> ContentApiCallsAsync(Codex.Host.CodexSystem system, string route)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        using var http = new HttpClient { BaseAddress = system.Urls[Role.ContentApi] };
        var text = await http.GetStringAsync("/metrics");
        return Regex.Matches(text, $@"^http_server_request_duration_seconds_count\{{[^}}]*http_route=""{Regex.Escape(route)}""[^}}]*\}} (\d+)", RegexOptions.Multiline)
            .Sum(m => long.Parse(m.Groups[1].Value));
    }
}

/// <summary>The whole system with <c>Site__UserDataCacheDuration</c> zero: nothing of a user's data is kept.</summary>
public sealed class NoUserDataCacheFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [.. WorkerInfo.All.Select(w => w.Role), Role.Site];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
        ["Site:UserDataCacheDuration"] = "00:00:00",
    };
}

[CollectionDefinition(Name)]
public sealed class NoUserDataCacheCollection : ICollectionFixture<NoUserDataCacheFixture>
{
    public const string Name = "site without user data cache";
}

/// <summary>With the setting zero, every page asks the workers, as before the cache.</summary>
[Collection(NoUserDataCacheCollection.Name)]
public sealed class UserDataCacheOffTests(NoUserDataCacheFixture fixture)
{
    private readonly TestData _data = new(fixture);

    [Fact]
    public async Task EveryLibraryPage_AsksTheContentWorker_AndShowsProgressSavedBehindTheSitesBack()
    {
        var org = await _data.OrganizationAsync();
        var (item, _) = await _data.VideoAsync(org, await _data.UserAsync("Creator"));
        var user = await _data.UserAsync("Reader");
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie(SessionCookie.Name, (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        var start = await UserDataCacheTests.ContentApiCallsAsync(fixture.System, ContentRoutes.Library);

        var before = await browser.PageAsync("/library");
        await _data.ProgressAsync(user, item, 50, 100, false, DateTimeOffset.UtcNow); // straight into the database: no drop
        var after = await browser.PageAsync("/library");
        var calls = await UserDataCacheTests.ContentApiCallsAsync(fixture.System, ContentRoutes.Library);

        Assert.Empty(before.QuerySelectorAll($"#{DomIds.LibraryResults} .continue-watching li.card"));
        Assert.Single(after.QuerySelectorAll($"#{DomIds.LibraryResults} .continue-watching li.card"));
        Assert.Equal(start + 4, calls);
    }
}
