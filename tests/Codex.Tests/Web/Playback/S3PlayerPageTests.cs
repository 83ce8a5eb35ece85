using System.Net;
using System.Net.Http.Headers;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Playback;

/// <summary>
/// The content page's player with media in S3-compatible storage on an http:// endpoint: the video's URL is one the
/// page's own CSP lets the browser fetch, and the store answers it with ranges.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3PlayerPageTests(S3Fixture fixture)
{
    [Fact]
    public async Task FreeVideoInS3_TheVideoUrlIsOnAnOriginTheCspAllowsForMedia_AndTheStoreServesItsRanges()
    {
        var (org, item, _) = await fixture.VideoInStoreAsync();

        var page = await fixture.Client(Role.Site).GetAsync($"/o/{org.Slug}/content/{item.Slug}");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        var mediaSources = csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("media-src ")).Split(' ')[1..];
        var src = new Uri((await page.ParseAsync()).QuerySelector($"#{DomIds.Player} video")!.GetAttribute("src")!);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(fixture.Origin, mediaSources);
        // Exactly the origin a browser checks the URL against (CSP matches the scheme too, and https never
        // reaches an http:// store).
        Assert.Equal(fixture.Origin, src.GetLeftPart(UriPartial.Authority));

        var request = new HttpRequestMessage(HttpMethod.Get, src);
        request.Headers.Range = new RangeHeaderValue(0, 99);
        using var browser = new HttpClient();
        var media = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, media.StatusCode);
        Assert.Equal(S3Fixture.DemoVideo()[..100], await media.Content.ReadAsByteArrayAsync());
    }
}
