using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Catalogue;

/// <summary>
/// Publishing, unpublishing, changing and deleting an item reach the site's cached pages at once: the organization's
/// space, the sitemap and the content page, with nothing waiting for a cache to expire.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class ContentChangesReachTheSiteTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly HttpClient _content = fixture.Client(Role.ContentApi);

    private async Task<HttpResponseMessage> ManageAsync(HttpMethod method, string path, string cookie, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options);
        request.Headers.Add("Cookie", cookie);
        return await _content.SendAsync(request);
    }

    private async Task<string> TextAsync(string path) => await (await _site.GetAsync(path)).Content.ReadAsStringAsync();

    /// <summary>The whole sitemap: <c>/sitemap.xml</c>, or every file it indexes (the tests' limit is 60 URLs a file).</summary>
    private async Task<string> SitemapAsync()
    {
        var index = await TextAsync("/sitemap.xml");
        if (!index.Contains("<sitemapindex")) return index;
        var parts = System.Text.RegularExpressions.Regex.Matches(index, "<loc>([^<]+)</loc>").Select(m => new Uri(m.Groups[1].Value).AbsolutePath);
        return string.Concat(await Task.WhenAll(parts.Select(TextAsync)));
    }

    [Fact]
    public async Task Publish_Change_Unpublish_Delete_ShowOnTheSiteAtOnce()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync("Creator", UserRole.Creator);
        await _data.MembershipAsync(org, creator, MemberRole.Creator);
        var cookie = await _data.SessionCookieAsync(creator);
        var title = "Fresh piece " + Guid.NewGuid().ToString("N")[..8];
        var created = await ManageAsync(HttpMethod.Post, "/api/content", cookie,
            new { organizationId = org.Id, title, contentType = "written", accessType = "free", contentBody = "Words." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = (await created.ReadAsync<DataEnvelope<ContentDto>>()).Data;
        var space = $"/o/{org.Slug}";
        var page = $"/o/{org.Slug}/content/{item.Slug}";
        // Warm every cache with the draft invisible.
        Assert.DoesNotContain(title, await TextAsync(space));
        Assert.DoesNotContain(item.Slug, await SitemapAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _site.GetAsync(page)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ManageAsync(HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie)).StatusCode);
        Assert.Contains(title, await TextAsync(space));
        Assert.Contains(page, await SitemapAsync());
        Assert.Equal(HttpStatusCode.OK, (await _site.GetAsync(page)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ManageAsync(HttpMethod.Patch, $"/api/content/{item.Id}", cookie, new { title = title + " (revised)" })).StatusCode);
        Assert.Contains(title + " (revised)", await TextAsync(space));
        Assert.Contains(title + " (revised)", await TextAsync(page));

        Assert.Equal(HttpStatusCode.OK, (await ManageAsync(HttpMethod.Post, $"/api/content/{item.Id}/unpublish", cookie)).StatusCode);
        Assert.DoesNotContain(title, await TextAsync(space));
        Assert.DoesNotContain(page, await SitemapAsync());

        Assert.Equal(HttpStatusCode.OK, (await ManageAsync(HttpMethod.Post, $"/api/content/{item.Id}/publish", cookie)).StatusCode);
        Assert.Contains(title, await TextAsync(space));
        Assert.Equal(HttpStatusCode.NoContent, (await ManageAsync(HttpMethod.Delete, $"/api/content/{item.Id}", cookie)).StatusCode);
        Assert.DoesNotContain(title, await TextAsync(space));
        Assert.DoesNotContain(page, await SitemapAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _site.GetAsync(page)).StatusCode);
    }
}
