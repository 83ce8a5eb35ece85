using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>Playing a demo video in Chromium: seek, reload and resume; offline saves that arrive later; no-JS playback.</summary>
[Collection(SiteCollection.Name)]
public sealed class PlayerBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<(IPage Page, string Path)> SignedInOnAFreeVideoAsync(bool javaScript = true)
    {
        var data = new TestData(site);
        string path;
        await using (var db = site.Db())
        {
            var item = await db.Content.Include(c => c.Organization)
                .Where(c => c.Organization!.Slug == "fieldnotes-press" && c.ContentType == ContentType.Video && c.AccessType == AccessType.Free)
                .OrderBy(c => c.Slug).FirstAsync();
            path = $"/o/{item.Organization!.Slug}/content/{item.Slug}";
        }
        var user = await data.UserAsync("Viewer");
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await data.SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"), HttpOnly = true,
        }]);
        return (page, path);
    }

    private static Task SeekAsync(IPage page, double seconds) =>
        page.EvaluateAsync("s => { const v = document.querySelector('#player video'); v.currentTime = s; }", seconds);

    private static Task WaitForMetadataAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.querySelector('#player video').readyState >= 1");

    /// <summary>
    /// Plays the video (muted, as autoplay rules allow) until its time moved, then pauses: progress is saved only after
    /// real playback (issue 15, item 1), so the tests that seek play a little first.
    /// </summary>
    internal static async Task PlayALittleAsync(IPage page)
    {
        await page.EvaluateAsync("() => { const v = document.querySelector('#player video'); v.muted = true; return v.play(); }");
        await page.WaitForFunctionAsync("() => document.querySelector('#player video').currentTime > 0.3");
        await page.EvaluateAsync("() => document.querySelector('#player video').pause()");
    }

    [Fact]
    public async Task Seek_ThenReload_OffersToResumeAtThatPoint()
    {
        var (page, path) = await SignedInOnAFreeVideoAsync();
        await page.GotoAsync(Url(path));
        await WaitForMetadataAsync(page);

        var paused = page.WaitForResponseAsync(r => r.Url.Contains("/progress/") && r.Request.Method == "POST");
        await PlayALittleAsync(page);
        await paused; // the pause's save
        var saved = page.WaitForResponseAsync(r => r.Url.Contains("/progress/") && r.Request.Method == "POST");
        await SeekAsync(page, 4);
        Assert.Equal(204, (await saved).Status);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".player-resume")).ToContainTextAsync("Resuming at 0:04");
        Assert.EndsWith("#t=4", await page.Locator("#player video").GetAttributeAsync("src"));
        await Assertions.Expect(page.Locator(".player-speed select")).ToBeVisibleAsync();

        // The library shows it, with its progress (4 of 8 seconds).
        await page.GotoAsync(Url("/library"));
        await Assertions.Expect(page.Locator("#library-results progress").First).ToHaveAttributeAsync("value", "50");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SavesMadeOffline_ArriveWhenBackOnline()
    {
        var (page, path) = await SignedInOnAFreeVideoAsync();
        await page.GotoAsync(Url(path));
        await WaitForMetadataAsync(page);
        // The network fails for the save (a seek can only complete online, so the connection to /progress is cut
        // rather than the whole browser's): the save waits in localStorage.
        await page.RouteAsync("**/progress/**", route => route.AbortAsync("internetdisconnected"));
        await PlayALittleAsync(page);
        await page.WaitForFunctionAsync("() => Object.keys(localStorage).some(k => k.startsWith('codex-progress:'))"); // the pause's
        await SeekAsync(page, 6);
        await page.WaitForFunctionAsync("""
            () => Object.keys(localStorage).some(k => k.startsWith('codex-progress:')
              && JSON.parse(localStorage.getItem(k)).positionSeconds >= 5.9)
            """);
        await page.UnrouteAsync("**/progress/**");

        // Offline, then back online: the browser's 'online' event sends what waited.
        await page.Context.SetOfflineAsync(true);
        var delivered = page.WaitForResponseAsync(r => r.Url.Contains("/progress/") && r.Request.Method == "POST");
        await page.Context.SetOfflineAsync(false);
        Assert.Equal(204, (await delivered).Status);
        await page.WaitForFunctionAsync("() => !Object.keys(localStorage).some(k => k.startsWith('codex-progress:'))");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".player-resume")).ToContainTextAsync("Resuming at 0:06");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeyboardShortcuts_WorkOnlyWhileThePlayerHasFocus_AndSpeedChanges()
    {
        var (page, path) = await SignedInOnAFreeVideoAsync();
        await page.GotoAsync(Url(path));
        await WaitForMetadataAsync(page);
        Task<double> Time() => page.EvaluateAsync<double>("() => document.querySelector('#player video').currentTime");

        await page.Keyboard.PressAsync("l");                       // focus elsewhere: nothing happens
        Assert.Equal(0, await Time());

        await page.FocusAsync("#player");
        await page.Keyboard.PressAsync("ArrowRight");              // +5 s
        await page.WaitForFunctionAsync("() => document.querySelector('#player video').currentTime >= 4.9");
        await page.Keyboard.PressAsync("j");                       // -10 s, not below 0
        await page.WaitForFunctionAsync("() => document.querySelector('#player video').currentTime === 0");
        await page.Keyboard.PressAsync("m");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('#player video').muted"));

        await page.SelectOptionAsync(".player-speed select", "1.5");
        Assert.Equal(1.5, await page.EvaluateAsync<double>("() => document.querySelector('#player video').playbackRate"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutJavaScript_TheVideoStillLoadsFromItsSignedUrl()
    {
        var (page, path) = await SignedInOnAFreeVideoAsync(javaScript: false);
        var media = page.WaitForResponseAsync(r => r.Url.Contains("/media/"));

        await page.GotoAsync(Url(path));

        var response = await media;
        Assert.True(response.Status is 200 or 206, $"media answered {response.Status}");
        Assert.Equal("video/mp4", (await response.AllHeadersAsync())["content-type"]);
        await page.Context.CloseAsync();
    }
}
