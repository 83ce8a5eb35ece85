using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Playback;

/// <summary>The content page's native player: a signed URL on the site's origin, for callers with access only.</summary>
[Collection(SiteCollection.Name)]
public sealed class PlayerPageTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<Data.ContentItem> DemoAsync(ContentType type, AccessType access)
    {
        await using var db = fixture.Db();
        return await db.Content.Include(c => c.Organization)
            .Where(c => c.Organization!.Slug == "lumen-audio" && c.ContentType == type && c.AccessType == access && c.Status == ContentStatus.Published)
            .OrderBy(c => c.Slug).FirstAsync();
    }

    private static string PathOf(Data.ContentItem item) => $"/o/{item.Organization!.Slug}/content/{item.Slug}";

    [Fact]
    public async Task FreeVideo_Anonymous_PlaysWithoutJavaScript_AndTheSignedUrlServesRanges()
    {
        var item = await DemoAsync(ContentType.Video, AccessType.Free);
        var site = fixture.Client(Role.Site);

        var page = await (await site.GetAsync(PathOf(item))).ParseAsync();
        var src = page.QuerySelector($"#{DomIds.Player} video")!.GetAttribute("src")!;
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(src).PathAndQuery);
        request.Headers.Range = new RangeHeaderValue(0, 99);
        var media = await site.SendAsync(request);

        Assert.StartsWith(fixture.System.SiteUrl.ToString().TrimEnd('/') + "/media/", src);
        Assert.Equal(HttpStatusCode.PartialContent, media.StatusCode);
        Assert.Equal(100, (await media.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("video/mp4", media.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await site.GetAsync(new Uri(src).PathAndQuery.Replace("sig=", "sig=x"))).StatusCode);
    }

    [Fact]
    public async Task PaidVideo_NoPlayerForVisitors_PlayerForTheBuyer_WhoResumesWhereTheyLeftOff()
    {
        var item = await DemoAsync(ContentType.Video, AccessType.Paid);
        var buyer = await _data.UserAsync("Player Buyer");
        await _data.PurchaseAsync(buyer, item);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", (await _data.SessionCookieAsync(buyer)).Split('=', 2)[1]);

        var anonymous = await (await fixture.Client(Role.Site).GetAsync(PathOf(item))).ParseAsync();
        var before = await browser.PageAsync(PathOf(item));
        var save = new HttpRequestMessage(HttpMethod.Post, $"/progress/{item.Id}")
        {
            Content = JsonContent.Create(new { positionSeconds = 5, durationSeconds = 8 }),
        };
        save.Headers.Add("Sec-Fetch-Site", "same-origin");
        var saved = await browser.SendAsync(save);
        var after = await browser.PageAsync(PathOf(item));

        Assert.Null(anonymous.GetElementById(DomIds.Player));
        Assert.NotNull(anonymous.QuerySelector(".access-notice"));
        Assert.NotNull(before.QuerySelector($"#{DomIds.Player} video"));
        Assert.Null(before.GetElementById(DomIds.BuyForm));
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.EndsWith("#t=5", after.QuerySelector($"#{DomIds.Player} video")!.GetAttribute("src"));
        Assert.Contains("Resuming at 0:05", after.QuerySelector(".player-resume")!.TextContent);
    }

    [Fact]
    public async Task Progress_CrossSite_OrSignedOut_IsRefused()
    {
        var item = await DemoAsync(ContentType.Audio, AccessType.Free);
        var user = await _data.UserAsync();
        var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/progress/{item.Id}")
        {
            Content = JsonContent.Create(new { positionSeconds = 1, durationSeconds = 12 }),
        };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        crossSite.Headers.Add("Cookie", await _data.SessionCookieAsync(user));

        var refused = await fixture.Client(Role.Site).SendAsync(crossSite);
        var anonymous = await fixture.Client(Role.Site).PostAsync($"/progress/{item.Id}", JsonContent.Create(new { positionSeconds = 1, durationSeconds = 12 }));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Progress_WithANumberJsonCannotCarry_Is400_NotA500()
    {
        var item = await DemoAsync(ContentType.Audio, AccessType.Free);
        var user = await _data.UserAsync();
        var save = new HttpRequestMessage(HttpMethod.Post, $"/progress/{item.Id}")
        {
            Content = new StringContent("""{"positionSeconds":1,"durationSeconds":1e400}""", System.Text.Encoding.UTF8, "application/json"),
        };
        save.Headers.Add("Cookie", await _data.SessionCookieAsync(user));

        var response = await fixture.Client(Role.Site).SendAsync(save);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync());
    }
}
