using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using AdminData = Codex.Tests.Workers.AdminApi.AdminApi;

namespace Codex.Tests.Browser;

/// <summary>
/// The platform admin opens the dashboard (its charts drawn, their numbers one click away) and unpublishes an item from
/// /admin/content: with JavaScript the confirmation opens in place and posts through htmx; without it, it is a page of
/// its own and a plain post. With <c>CODEX_SCREENSHOTS</c> set to a folder, the pages are photographed there at a
/// desktop and a phone size.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AdminInsightBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ThePlatformAdmin_ReadsTheDashboard_AndUnpublishesAnItem(bool javaScript)
    {
        var data = new AdminData(site);
        var org = await data.Data.OrganizationAsync();
        var creator = await data.Data.UserAsync("Moe Moderated");
        var item = await data.Data.ContentAsync(org, creator, "Against the rules " + javaScript);
        var admin = await data.Data.UserAsync("Browser Admin", UserRole.Admin);
        var cookie = await data.Data.SessionCookieAsync(admin);
        await data.GetAsync("/api/admin/stats", cookie); // first queries compile here, not in the page's budget
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = cookie.Split('=', 2)[1], Url = Url("/"), HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);

        var response = await page.GotoAsync(Url("/admin"));
        Assert.True(response!.Ok, $"the dashboard answered {response.Status}");
        await Assertions.Expect(page.Locator($"#{DomIds.AdminRevenueChart} svg[role=img]")).ToHaveCountAsync(1);
        await page.ClickAsync($"#{DomIds.AdminSignupsChart} summary");
        await Assertions.Expect(page.Locator($"#{DomIds.AdminSignupsChart} details tbody tr")).ToHaveCountAsync(30);
        await ScreenshotsAsync(page, "/admin", javaScript);
        await ScreenshotsAsync(page, "/admin/purchases", javaScript);

        await page.GotoAsync(Url("/admin/content?organization=" + org.Slug));
        await ScreenshotsAsync(page, "/admin/content?organization=" + org.Slug, javaScript);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.ClickAsync($"tr[data-content-id='{item.Id}'] a:has-text('Unpublish')");
        if (!javaScript) await page.WaitForURLAsync(new Regex("/unpublish$"));
        await Assertions.Expect(page.Locator("#unpublish-heading")).ToContainTextAsync("Against the rules");
        Assert.Equal(javaScript, await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        await ScreenshotsAsync(page, null, javaScript, "unpublish");

        await page.FillAsync("#unpublish-reason", "Uses photos without permission.");
        await page.ClickAsync($"#{DomIds.AdminUnpublishConfirm} button:has-text('Unpublish')");

        await page.WaitForURLAsync(new Regex("/admin/content$"));
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("is unpublished");
        await using var db = site.Db();
        Assert.Equal(ContentStatus.Draft, (await db.Content.AsNoTracking().SingleAsync(c => c.Id == item.Id)).Status);
    }

    /// <summary>Photographs <paramref name="path"/> (or the page as it is) at 1280×800 and 390×844 when CODEX_SCREENSHOTS names a folder.</summary>
    private async Task ScreenshotsAsync(IPage page, string? path, bool javaScript, string? name = null)
    {
        if (Environment.GetEnvironmentVariable("CODEX_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var stem = (name ?? path!.Split('?')[0].Trim('/').Replace('/', '-')) + (javaScript ? "-js" : "-nojs");
        if (path is not null) await page.GotoAsync(Url(path));
        foreach (var (label, width, height) in new[] { ("desktop", 1280, 800), ("phone", 390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{stem}-{label}.png"), FullPage = true });
        }
        await page.SetViewportSizeAsync(1280, 800);
    }
}
