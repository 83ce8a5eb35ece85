using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// The creator side end to end in Chromium, on the whole system: a creator uploads a real video, waits while the
/// Media-API prepares it (ffmpeg), writes an item that plays it, publishes it; a signed-out visitor finds it on
/// /discover and plays it. With JavaScript and without.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class CreatorPublishesVideoBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UploadWriteAndPublish_ThenAVisitorFindsAndPlaysIt(bool javaScript)
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var creator = await data.UserAsync("Video Creator");
        await data.MembershipAsync(org, creator, MemberRole.Creator);
        var word = "vq" + Guid.NewGuid().ToString("N")[..8];
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = SessionCookie.Name, Value = (await data.SessionCookieAsync(creator)).Split('=', 2)[1], Url = Url("/"), HttpOnly = true,
        }]);

        // Upload a real clip.
        await page.GotoAsync(Url($"/studio/{org.Slug}/media"));
        await page.FillAsync("#upload-title", $"Clip {word}");
        await page.SetInputFilesAsync("#upload-file", Path.Combine(AppContext.BaseDirectory, "Fixtures", "media", "clip.mp4"));
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync($"#media-list tr:has-text('Clip {word}')");

        // Wait until it is ready: with JavaScript its row updates itself; without, the creator refreshes.
        var ready = page.Locator($"#media-list tr:has-text('Clip {word}') .media-status:has-text('Ready')");
        for (var attempt = 0; attempt < 60 && await ready.CountAsync() == 0; attempt++)
        {
            await Task.Delay(1000);
            if (!javaScript) await page.ReloadAsync();
        }
        Assert.True(await ready.CountAsync() == 1, await page.InnerTextAsync("#media-list"));
        Guid mediaId;
        await using (var db = site.Db())
            mediaId = await db.Media.Where(m => m.OrganizationId == org.Id).Select(m => m.Id).SingleAsync();

        // Write the item around it and publish.
        await page.GotoAsync(Url($"/studio/{org.Slug}/content/new"));
        await page.FillAsync("#f-title", $"Watch {word}");
        await page.FillAsync("#f-description", "A clip uploaded in the browser.");
        await page.SelectOptionAsync("#f-contenttype", "video");
        await page.SelectOptionAsync("#f-accesstype", "free");
        await page.SelectOptionAsync("#f-mediaid", mediaId.ToString("D"));
        await page.ClickAsync("button:has-text('Create draft')");
        await page.WaitForURLAsync(new Regex(@"/content/[0-9a-f-]{36}/edit$"));
        await page.ClickAsync($"#{DomIds.ContentStatus} button:has-text('Publish')");
        await Assertions.Expect(page.Locator($"#{DomIds.ContentStatus} .badge")).ToHaveTextAsync("Published");
        await page.Context.CloseAsync();

        // A visitor finds it and plays it.
        var visitor = await browser.NewPageAsync(javaScript);
        await visitor.GotoAsync(Url("/discover?q=" + word));
        await visitor.ClickAsync($"#{DomIds.DiscoverResults} li.card a:has-text('{word}')");
        await visitor.WaitForURLAsync(new Regex($"/o/{org.Slug}/content/watch-{word}$"));
        Assert.Equal(1, await visitor.Locator("#player video").CountAsync());
        if (javaScript)
        {
            await visitor.WaitForFunctionAsync("() => { const v = document.querySelector('#player video'); return v.readyState >= 1 || v.error; }");
            Assert.Null(await visitor.EvaluateAsync<string?>("() => { const e = document.querySelector('#player video').error; return e && `${e.code} ${e.message}`; }"));
            await visitor.EvaluateAsync("() => { const v = document.querySelector('#player video'); v.muted = true; return v.play(); }");
            await visitor.WaitForFunctionAsync("() => document.querySelector('#player video').currentTime > 0.3");
        }
        else
        {
            // Without JavaScript the video element plays on its own controls: its source answers with the file.
            var src = await visitor.GetAttributeAsync("#player video source, #player video", "src");
            var response = await visitor.APIRequest.GetAsync(new Uri(new Uri(visitor.Url), src!).ToString());
            Assert.Equal(200, response.Status);
            Assert.StartsWith("video/", response.Headers["content-type"]);
        }
        await visitor.Context.CloseAsync();
    }
}
