using Codex.Tests.Infrastructure;

namespace Codex.Tests.Browser;

/// <summary>
/// The issue as a viewer met it: a video whose media is in S3-compatible storage on an http:// endpoint plays in
/// Chromium, under the site's Content-Security-Policy, straight from the store.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3PlayerBrowserTests(S3Fixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task FreeVideoInS3_LoadsAndPlaysInChromium_WithNothingRefusedByTheCsp()
    {
        var (org, item, _) = await site.VideoInStoreAsync();
        var page = await browser.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) refused.Add(message.Text); };
        // The page's own record of what its CSP refused, whatever the console says.
        await page.AddInitScriptAsync("window.cspViolations = []; document.addEventListener('securitypolicyviolation', " +
            "e => window.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));");

        await page.GotoAsync(new Uri(site.System.SiteUrl, $"/o/{org.Slug}/content/{item.Slug}").ToString());
        // A page without a player (no access, a worker that did not answer) says why: that, rather than a script's null.
        Assert.True(await page.Locator("#player video").CountAsync() == 1, await page.Locator("main").InnerTextAsync());
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('#player video'); return v.readyState >= 1 || v.error; }");

        var error = await page.EvaluateAsync<string?>("() => { const e = document.querySelector('#player video').error; return e && `${e.code} ${e.message}`; }");
        Assert.Null(error);
        var src = await page.EvaluateAsync<string>("() => document.querySelector('#player video').currentSrc");
        var duration = await page.EvaluateAsync<double>("() => document.querySelector('#player video').duration");
        Assert.StartsWith($"{site.Origin}/{site.Bucket}/", src);
        Assert.InRange(duration, 7.5, 8.5);

        // It plays: muted (no autoplay policy in the way), time moves on.
        await page.EvaluateAsync("() => { const v = document.querySelector('#player video'); v.muted = true; return v.play(); }");
        await page.WaitForFunctionAsync("() => document.querySelector('#player video').currentTime > 0.5");

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.cspViolations"));
        Assert.Empty(refused);
        await page.Context.CloseAsync();
    }
}
