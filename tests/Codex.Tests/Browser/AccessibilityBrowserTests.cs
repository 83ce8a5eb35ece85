using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// Issue 15, "done when": axe-core reports no violation on the site's pages, at desktop and phone sizes, with JavaScript
/// on. Each distinct page is visited once per area (public, and signed in as the demo customer, creator and admin), and
/// an area's violations are all listed together rather than stopping at the first page.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AccessibilityBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<IPage> PageAsAsync(string? email)
    {
        var page = await browser.NewPageAsync();
        if (email is null) return page;
        await using var db = site.Db();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await new TestData(site).SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);
        return page;
    }

    /// <summary>Visits each page and runs axe at both sizes; fails once, with every violation of every page.</summary>
    private async Task SweepAsync(string? email, IEnumerable<string> paths)
    {
        var page = await PageAsAsync(email);
        var report = new System.Text.StringBuilder();
        foreach (var path in paths)
        {
            await page.GotoAsync(Url(path));
            report.Append(await Axe.ViolationsAsync(page));
        }
        await page.Context.CloseAsync();
        Assert.True(report.Length == 0, report.ToString());
    }

    // The pages are listed once, in SitePages (the JavaScript budget walks the same ones).
    [Fact]
    public async Task PublicPages_HaveNoViolations() => await SweepAsync(null, await SitePages.PublicAsync(site));

    [Fact]
    public async Task CustomerPages_HaveNoViolations() => await SweepAsync("customer@example.com", await SitePages.CustomerAsync(site));

    [Fact]
    public async Task CreatorPages_HaveNoViolations() => await SweepAsync("creator@example.com", await SitePages.CreatorAsync(site));

    [Fact]
    public async Task AdminPages_HaveNoViolations() => await SweepAsync("admin@example.com", await SitePages.AdminAsync(site));
}
