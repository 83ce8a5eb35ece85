using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Contracts.Organizations;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Web.Features.ContentPage;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Infrastructure;

/// <summary>
/// Whole anonymous pages from the output cache (ADR 027): kept for visitors without cookies only, one entry per shape,
/// never a page that failed, with the same headers as a fresh render, gone at once when content or an organization
/// changes, and still counted as content views. A page came from the cache when it carries <c>Age</c>.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AnonymousPageCacheTests(SiteFixture fixture)
{
    private const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly HttpClient _content = fixture.Client(Role.ContentApi);
    private readonly HttpClient _organizations = fixture.Client(Role.OrganizationApi);
    private readonly TestData _data = new(fixture);

    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    private async Task<HttpResponseMessage> GetAsync(string path, string? cookie = null, string userAgent = Chrome,
        Action<HttpRequestMessage>? configure = null, HttpClient? site = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        configure?.Invoke(request);
        return await (site ?? _site).SendAsync(request);
    }

    private async Task<string> TextAsync(string path) => await (await GetAsync(path)).Content.ReadAsStringAsync();

    /// <summary>Asks twice; the second answer must be the stored first one.</summary>
    private async Task<string> WarmAsync(string path, Action<HttpRequestMessage>? configure = null)
    {
        var first = await GetAsync(path, configure: configure);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await GetAsync(path, configure: configure);
        Assert.True(FromCache(second), $"{path} was not served from the cache");
        return await second.Content.ReadAsStringAsync();
    }

    private async Task<(Data.Organization Org, Data.ContentItem Item, string Path)> ItemAsync(string title = "Cached")
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), title + " " + Guid.NewGuid().ToString("N")[..8]);
        return (org, item, $"/o/{org.Slug}/content/{item.Slug}");
    }

    private async Task<HttpResponseMessage> CallAsync(HttpClient worker, HttpMethod method, string path, string cookie, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options);
        request.Headers.Add("Cookie", cookie);
        return await worker.SendAsync(request);
    }

    [Fact]
    public async Task AnonymousPages_AreServedFromTheCache_WithTheHeadersOfAFreshRender()
    {
        var (org, _, page) = await ItemAsync();
        // A query of its own, so no earlier test's visit is in the cache already.
        var unique = "n=" + Guid.NewGuid().ToString("N")[..8];
        foreach (var path in new[] { $"/?{unique}", $"/discover?{unique}", $"/discover?type=video&sort=popular&{unique}",
            $"/discover/more?page=2&{unique}", $"/o/{org.Slug}?{unique}", $"{page}?{unique}" })
        {
            var fresh = await GetAsync(path);
            var cached = await GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
            Assert.False(FromCache(fresh), path);
            Assert.False(fresh.Headers.Contains("Set-Cookie"), path); // a page that sets a cookie is never shared
            Assert.True(FromCache(cached), path);
            Assert.Equal(await fresh.Content.ReadAsStringAsync(), await cached.Content.ReadAsStringAsync());
            Assert.Equal("public, max-age=60", cached.Headers.CacheControl!.ToString());
            Assert.Equal(fresh.Headers.Vary.Order(), cached.Headers.Vary.Order());
            Assert.Contains("HX-Request", cached.Headers.Vary);
            Assert.Contains("Cookie", cached.Headers.Vary);
            Assert.Equal(fresh.Content.Headers.ContentType, cached.Content.Headers.ContentType);
            foreach (var header in new[] { "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy" })
                Assert.Equal(fresh.Headers.GetValues(header), cached.Headers.GetValues(header));
            // Each answer names its own request, not the one that rendered the page.
            Assert.NotEqual(fresh.Headers.GetValues("X-Request-Id").Single(), cached.Headers.GetValues("X-Request-Id").Single());
        }
    }

    [Fact]
    public async Task RequestsWithACookie_AreNeverAnsweredFromTheCache()
    {
        var (_, _, page) = await ItemAsync();
        await WarmAsync(page);
        var reader = await _data.UserAsync("Cached Reader");

        var signedIn = await GetAsync(page, await _data.SessionCookieAsync(reader));
        var unknownSession = await GetAsync(page, $"{SessionCookie.Name}=not-a-session-anyone-has");
        var otherCookie = await GetAsync(page, "codex-antiforgery=whatever");

        Assert.False(FromCache(signedIn));
        Assert.Contains("Cached Reader", await signedIn.Content.ReadAsStringAsync());
        Assert.DoesNotContain("public", signedIn.Headers.CacheControl!.ToString());
        Assert.False(FromCache(unknownSession));
        Assert.False(FromCache(otherCookie));
        Assert.DoesNotContain("public", otherCookie.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task ASignedInRender_IsNeverStored()
    {
        var (org, _, page) = await ItemAsync();
        var cookie = await _data.SessionCookieAsync(await _data.UserAsync("Signed In First"));
        var space = $"/o/{org.Slug}";

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(page, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(space, cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/discover?q={org.Slug}", cookie)).StatusCode);

        foreach (var path in new[] { page, space, $"/discover?q={org.Slug}" })
        {
            var anonymous = await GetAsync(path);
            Assert.False(FromCache(anonymous), path);
            var text = await anonymous.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Signed In First", text);
            Assert.Contains($"href=\"{SiteRoutes.Login}", text);
        }
    }

    [Fact]
    public async Task AnHtmxFragment_AndTheWholePage_AreDifferentEntries()
    {
        var query = "/discover?q=" + Guid.NewGuid().ToString("N")[..10];

        var page = await WarmAsync(query);
        var fragment = await WarmAsync(query, r => r.Headers.Add("HX-Request", "true"));
        var boosted = await GetAsync(query, configure: r =>
        {
            r.Headers.Add("HX-Request", "true");
            r.Headers.Add("HX-Boosted", "true");
        });
        var pageAgain = await GetAsync(query);

        Assert.Contains("<html", page);
        Assert.DoesNotContain("<html", fragment);
        Assert.StartsWith($"<section id=\"{DomIds.DiscoverResults}\"", fragment.TrimStart());
        Assert.Contains("<html", await boosted.Content.ReadAsStringAsync());
        Assert.True(FromCache(pageAgain));
        Assert.Contains("<html", await pageAgain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Head_IsNeverAnsweredFromTheCache()
    {
        var (_, _, page) = await ItemAsync();
        await WarmAsync(page);

        var head = await _site.SendAsync(new HttpRequestMessage(HttpMethod.Head, page));

        Assert.False(FromCache(head));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Edits_Unpublishing_AndDeleting_ShowOnTheNextAnonymousRequest_OfTheListTheItemAndTheSpace()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator", UserRole.Creator);
        await _data.MembershipAsync(org, creator, MemberRole.Creator);
        var cookie = await _data.SessionCookieAsync(creator);
        var word = "w" + Guid.NewGuid().ToString("N")[..10];
        var created = await CallAsync(_content, HttpMethod.Post, "/api/content", cookie,
            new { organizationId = org.Id, title = $"Before {word}", contentType = "written", accessType = "free", contentBody = "Words." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = (await created.ReadAsync<DataEnvelope<ContentDto>>()).Data;
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(_content, HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie)).StatusCode);
        var list = $"/discover?q={word}";
        var space = $"/o/{org.Slug}";
        var page = $"/o/{org.Slug}/content/{item.Slug}";
        foreach (var path in new[] { list, space, page }) Assert.Contains($"Before {word}", await WarmAsync(path));

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(_content, HttpMethod.Patch, $"/api/content/{item.Id}", cookie, new { title = $"After {word}" })).StatusCode);
        foreach (var path in new[] { list, space, page })
        {
            var text = await TextAsync(path);
            Assert.Contains($"After {word}", text);
            Assert.DoesNotContain($"Before {word}", text);
        }
        foreach (var path in new[] { list, space, page }) await WarmAsync(path);

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(_content, HttpMethod.Post, $"/api/content/{item.Id}/unpublish", cookie)).StatusCode);
        Assert.DoesNotContain($"After {word}", await TextAsync(list));
        Assert.DoesNotContain($"After {word}", await TextAsync(space));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(page)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(_content, HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie)).StatusCode);
        foreach (var path in new[] { list, space, page }) Assert.Contains($"After {word}", await WarmAsync(path));
        Assert.Equal(HttpStatusCode.NoContent, (await CallAsync(_content, HttpMethod.Delete, $"/api/content/{item.Id}", cookie)).StatusCode);
        Assert.DoesNotContain($"After {word}", await TextAsync(list));
        Assert.DoesNotContain($"After {word}", await TextAsync(space));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task AnOrganizationsChange_ShowsOnTheNextAnonymousRequest_OfItsSpaceItsItemsAndTheList()
    {
        var (org, _, page) = await ItemAsync();
        var owner = await _data.UserAsync("Owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        var cookie = await _data.SessionCookieAsync(owner);
        var space = $"/o/{org.Slug}";
        var list = "/discover";
        // Named through the API first: the site's list of organizations learns of this one (made in the database).
        var named = "Named " + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(_organizations, HttpMethod.Patch, $"/api/organizations/{org.Id}", cookie,
            new UpdateOrganizationRequest(null, named, null, null, null))).StatusCode);
        foreach (var path in new[] { space, page, list }) Assert.Contains(named, await WarmAsync(path));

        var renamed = "Renamed " + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(_organizations, HttpMethod.Patch, $"/api/organizations/{org.Id}", cookie,
            new UpdateOrganizationRequest(null, renamed, null, null, null))).StatusCode);

        // Where the organization's own record shows: the space's heading, the item's breadcrumb, the list's filter.
        Assert.Equal(renamed, (await (await GetAsync(space)).ParseAsync()).QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(renamed, (await (await GetAsync(page)).ParseAsync()).QuerySelector(".breadcrumbs a")!.TextContent.Trim());
        Assert.Equal(renamed, (await (await GetAsync(list)).ParseAsync()).QuerySelector($"select[name=org] option[value='{org.Slug}']")!.TextContent.Trim());
    }

    [Fact]
    public async Task APageWithANotice_IsNeverStored()
    {
        // The home page with a notice in place of each list, and /discover with a notice in place of its results (503).
        await using (var contentDown = await SiteWithoutAsync(Role.ContentApi))
        {
            using var site = new HttpClient { BaseAddress = contentDown.SiteUrl };
            await AssertNeverStoredAsync(site, "/", HttpStatusCode.OK);
            await AssertNeverStoredAsync(site, "/discover", HttpStatusCode.ServiceUnavailable);
        }
        // /discover without its organization filter's choices.
        await using var organizationsDown = await SiteWithoutAsync(Role.OrganizationApi);
        using var other = new HttpClient { BaseAddress = organizationsDown.SiteUrl };
        var page = await AssertNeverStoredAsync(other, "/discover", HttpStatusCode.OK);
        Assert.Single(page.QuerySelectorAll("select[name=org] option"));
    }

    private async Task<AngleSharp.Dom.IDocument> AssertNeverStoredAsync(HttpClient site, string path, HttpStatusCode status)
    {
        var first = await GetAsync(path, site: site);
        var second = await GetAsync(path, site: site);
        Assert.Equal(status, first.StatusCode);
        Assert.Equal(status, second.StatusCode);
        Assert.False(FromCache(second), path);
        return await second.ParseAsync();
    }

    /// <summary>A second site on this fixture's workers, but <paramref name="down"/> does not answer.</summary>
    private async Task<CodexSystem> SiteWithoutAsync(Role down)
    {
        var settings = new Dictionary<string, string?> { ["Codex:DataPath"] = fixture.DataPath };
        foreach (var worker in WorkerInfo.All)
            settings[worker.UrlVariable] = worker.Role == down ? ClosedPort.Url().ToString() : fixture.System.Urls[worker.Role].ToString();
        return await CodexSystem.StartAsync(new SystemOptions { Roles = [Role.Site], DynamicPorts = true, EnvironmentName = "Testing", Settings = settings });
    }

    [Fact]
    public async Task ViewsOfCachedContentPages_AreCounted()
    {
        var (_, item, page) = await ItemAsync("Counted from the cache");
        // A crawler renders (and stores) the page without being counted; the people after it get the stored page.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(page, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")).StatusCode);
        var hits = new List<bool>();
        for (var person = 1; person <= 4; person++) hits.Add(FromCache(await GetAsync(page, userAgent: $"{Chrome} Person{person}")));
        // Not people, nor whole-page views: not counted, from the cache or not.
        await GetAsync(page, userAgent: "curl/8.5.0");
        await GetAsync(page, configure: r => r.Headers.Add("Sec-Purpose", "prefetch"));
        await GetAsync(page, userAgent: $"{Chrome} Person5");

        Assert.All(hits, Assert.True);
        Assert.Equal(5, await CountReachesAsync(item.Id, 5));
    }

    private async Task<long> CountReachesAsync(Guid id, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long count;
        while ((count = await ViewCountAsync(id)) < expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(PageViewReporter.FlushInterval * 2); // anything else queued meanwhile would land now
        return await ViewCountAsync(id);
    }

    private async Task<long> ViewCountAsync(Guid id)
    {
        await using var db = fixture.Db();
        return (await db.Content.AsNoTracking().SingleAsync(c => c.Id == id)).ViewCount;
    }
}
