using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Features.ContentPage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.ContentPage;

/// <summary>
/// Content page views through the whole system (ADR 022): a person's view reaches <c>ViewCount</c> through the site's
/// queue and the Content-API, once per 30 minutes, also when the page's data came from the site's cache; crawlers,
/// prefetches and fragments do not count.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class PageViewsTests(SiteFixture fixture)
{
    private const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly TestData _data = new(fixture);

    private async Task<(Data.Organization Org, Data.ContentItem Item, string Path)> ItemAsync()
    {
        var org = await _data.OrganizationAsync();
        var author = await _data.UserAsync();
        var item = await _data.ContentAsync(org, author, "Counted " + Guid.NewGuid().ToString("N")[..8]);
        return (org, item, $"/o/{org.Slug}/content/{item.Slug}");
    }

    private async Task<HttpResponseMessage> ViewAsync(string path, string? userAgent = Chrome, string? cookie = null,
        Action<HttpRequestMessage>? configure = null, string? address = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (address is not null) request.Headers.Add("X-Forwarded-For", address);
        configure?.Invoke(request);
        var response = await _site.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private async Task<long> ViewCountAsync(Guid id)
    {
        await using var db = fixture.Db();
        return (await db.Content.AsNoTracking().SingleAsync(c => c.Id == id)).ViewCount;
    }

    /// <summary>
    /// Waits until the count reaches <paramref name="expected"/> (the reporter flushes every second) and returns what it
    /// is then, so a count that goes past it shows. Views are reported in the order they came, so once a later person's
    /// view is counted, any earlier request that would have counted has been too.
    /// </summary>
    private async Task<long> CountReachesAsync(Guid id, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long count;
        while ((count = await ViewCountAsync(id)) < expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(PageViewReporter.FlushInterval * 2); // anything else queued meanwhile would land now
        return await ViewCountAsync(id);
    }

    [Fact]
    public async Task AnonymousPerson_IsCountedOnce_UntilThirtyMinutesHavePassed()
    {
        var (_, item, path) = await ItemAsync();

        await ViewAsync(path);
        Assert.Equal(1, await CountReachesAsync(item.Id, 1));
        await ViewAsync(path);
        await ViewAsync(path, Chrome + " Other"); // a second person, the control
        Assert.Equal(2, await CountReachesAsync(item.Id, 2));

        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        await ViewAsync(path);
        Assert.Equal(3, await CountReachesAsync(item.Id, 3));
    }

    [Fact]
    public async Task AnonymousPeople_FromOtherAddresses_AreOtherViewers()
    {
        var (_, item, path) = await ItemAsync();

        await ViewAsync(path, address: "203.0.113.7");
        await ViewAsync(path, address: "203.0.113.8");
        await ViewAsync(path, address: "203.0.113.7");

        Assert.Equal(2, await CountReachesAsync(item.Id, 2));
    }

    [Fact]
    public async Task CachedAnonymousPage_IsCountedToo()
    {
        var (_, item, path) = await ItemAsync();
        await ViewAsync(path, Chrome + " First");
        // Renamed behind the site's back: a page that still shows the old title came from the site's cache.
        await using (var db = fixture.Db())
        {
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, "Renamed quietly"));
        }

        var second = await (await ViewAsync(path, Chrome + " Second")).Content.ReadAsStringAsync();

        Assert.Contains(item.Title, second);
        Assert.DoesNotContain("Renamed quietly", second);
        Assert.Equal(2, await CountReachesAsync(item.Id, 2));
    }

    [Fact]
    public async Task SignedInPerson_IsCountedOnceByAccount_WhateverTheBrowser()
    {
        var (_, item, path) = await ItemAsync();
        var cookie = await _data.SessionCookieAsync(await _data.UserAsync());

        await ViewAsync(path, Chrome + " Laptop", cookie);
        await ViewAsync(path, Chrome + " Phone", cookie);
        await ViewAsync(path, Chrome + " Control");

        Assert.Equal(2, await CountReachesAsync(item.Id, 2));
    }

    [Fact]
    public async Task TheItemsOwnTeam_IsNotCounted()
    {
        var (org, item, path) = await ItemAsync();
        var creator = await _data.UserAsync();
        await _data.MembershipAsync(org, creator, MemberRole.Creator);

        await ViewAsync(path, cookie: await _data.SessionCookieAsync(creator));
        await ViewAsync(path, Chrome + " Control");

        Assert.Equal(1, await CountReachesAsync(item.Id, 1));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("curl/8.5.0")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36")]
    [InlineData("")]
    public async Task Crawlers_AndTools_AreNotCounted(string userAgent)
    {
        var (_, item, path) = await ItemAsync();

        await ViewAsync(path, userAgent);
        await ViewAsync(path, Chrome + " Control");

        Assert.Equal(1, await CountReachesAsync(item.Id, 1));
    }

    [Theory]
    [InlineData("Sec-Purpose", "prefetch")]
    [InlineData("Sec-Purpose", "prefetch;prerender")]
    [InlineData("Purpose", "prefetch")]
    [InlineData("HX-Request", "true")]
    public async Task Prefetches_AndFragments_AreNotCounted(string header, string value)
    {
        var (_, item, path) = await ItemAsync();

        await ViewAsync(path, Chrome + " Speculating", configure: r => r.Headers.Add(header, value));
        await ViewAsync(path, Chrome + " Control");

        Assert.Equal(1, await CountReachesAsync(item.Id, 1));
    }

    [Fact]
    public async Task BoostedNavigation_IsAPersonsView()
    {
        var (_, item, path) = await ItemAsync();

        await ViewAsync(path, configure: r =>
        {
            r.Headers.Add("HX-Request", "true");
            r.Headers.Add("HX-Boosted", "true");
        });

        Assert.Equal(1, await CountReachesAsync(item.Id, 1));
    }

    [Fact]
    public async Task DraftSeenByItsTeam_IsNotCounted()
    {
        var org = await _data.OrganizationAsync();
        var author = await _data.UserAsync();
        await _data.MembershipAsync(org, author, MemberRole.Owner);
        var draft = await _data.ContentAsync(org, author, "Draft", status: ContentStatus.Draft);
        var published = await _data.ContentAsync(org, author, "Published");
        var reader = await _data.SessionCookieAsync(await _data.UserAsync("Reader"));

        var seen = await ViewAsync($"/o/{org.Slug}/content/{draft.Slug}", cookie: await _data.SessionCookieAsync(author));
        // The control: a view that counts, reported after the draft's, so once it is counted the draft's would be too.
        await ViewAsync($"/o/{org.Slug}/content/{published.Slug}", cookie: reader);

        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal(1, await CountReachesAsync(published.Id, 1));
        Assert.Equal(0, await ViewCountAsync(draft.Id));
    }

    [Theory]
    [InlineData("GET", Chrome, true)]
    [InlineData("HEAD", Chrome, false)]
    [InlineData("POST", Chrome, false)]
    [InlineData("GET", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", true)]
    [InlineData("GET", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", true)]
    [InlineData("GET", "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", false)]
    [InlineData("GET", "Mozilla/5.0 (compatible; Twitterbot/1.0)", false)]
    [InlineData("GET", "Wget/1.21.4", false)]
    [InlineData("GET", "python-requests/2.32.3", false)]
    [InlineData("GET", "Mozilla/5.0 (compatible; YandexBot/3.0)", false)]
    [InlineData("GET", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", false)]
    [InlineData("GET", "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", false)]
    [InlineData("GET", "Some web spider 1.0", false)]
    [InlineData("GET", "ExampleCrawler/2.0", false)]
    public void IsPersonsPageView_ByMethodAndUserAgent(string method, string userAgent, bool person)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Headers.UserAgent = userAgent;

        Assert.Equal(person, PageViews.IsPersonsPageView(context.Request));
    }

    [Fact]
    public void AnonymousKey_IsAKeyedHash_ThatNamesNoAddress()
    {
        var views = new PageViews(new Codex.ServiceDefaults.CodexOptions { InternalKey = new string('k', 40) }, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PageViews>.Instance);
        var other = new PageViews(new Codex.ServiceDefaults.CodexOptions { InternalKey = new string('q', 40) }, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PageViews>.Instance);

        var key = views.AnonymousKey("203.0.113.7", Chrome);

        Assert.Equal(key, views.AnonymousKey("203.0.113.7", Chrome));
        Assert.NotEqual(key, views.AnonymousKey("203.0.113.8", Chrome));
        Assert.NotEqual(key, views.AnonymousKey("203.0.113.7", Chrome + " x"));
        Assert.NotEqual(key, other.AnonymousKey("203.0.113.7", Chrome));
        Assert.Matches(Codex.Contracts.Content.ContentViewRules.AnonymousKeyPattern(), key);
        Assert.DoesNotContain("203", key);
    }
}
