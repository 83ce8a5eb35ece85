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

    private async Task<string> ContentPathAsync(ContentType type)
    {
        await using var db = site.Db();
        var item = await db.Content.AsNoTracking()
            .Where(c => c.ContentType == type && c.Status == ContentStatus.Published && c.DeletedAt == null && c.Organization!.Slug == "northwind-studio"
                || c.ContentType == type && c.Status == ContentStatus.Published && c.DeletedAt == null && c.Organization!.Slug == "fieldnotes-press"
                || c.ContentType == type && c.Status == ContentStatus.Published && c.DeletedAt == null && c.Organization!.Slug == "lumen-audio")
            .OrderBy(c => c.Slug).Select(c => new { Org = c.Organization!.Slug, c.Slug }).FirstAsync();
        return $"/o/{item.Org}/content/{item.Slug}";
    }

    [Fact]
    public async Task PublicPages_HaveNoViolations()
    {
        string[] paths =
        [
            "/", "/discover", "/discover?q=light&type=video", "/organizations", "/organizations?q=zzzzqqq", "/o/fieldnotes-press",
            await ContentPathAsync(ContentType.Video), await ContentPathAsync(ContentType.Audio), await ContentPathAsync(ContentType.Written),
            "/u/cleo", "/login", "/register", "/forgot-password", "/o/no-such-organization",
        ];
        await SweepAsync(null, paths);
    }

    [Fact]
    public async Task CustomerPages_HaveNoViolations() => await SweepAsync("customer@example.com",
    [
        "/library", "/account", "/account/profile", "/account/purchases", "/account/sessions", "/account/export", "/account/delete",
        "/o/northwind-studio", "/studio",
    ]);

    [Fact]
    public async Task CreatorPages_HaveNoViolations()
    {
        await using var db = site.Db();
        var slug = await db.Memberships.AsNoTracking()
            .Where(m => m.User!.Email == "creator@example.com" && m.Role == MemberRole.Owner)
            .OrderBy(m => m.Organization!.Slug).Select(m => m.Organization!.Slug).FirstAsync();
        var itemId = await db.Content.AsNoTracking().Where(c => c.Organization!.Slug == slug && c.DeletedAt == null)
            .OrderBy(c => c.Slug).Select(c => c.Id).FirstAsync();
        await SweepAsync("creator@example.com",
        [
            "/studio", "/studio/new", $"/studio/{slug}", $"/studio/{slug}/content", $"/studio/{slug}/content/new",
            $"/studio/{slug}/content/{itemId}/edit", $"/studio/{slug}/media", $"/studio/{slug}/settings", $"/studio/{slug}/members",
            $"/studio/{slug}/sales",
        ]);
    }

    [Fact]
    public async Task AdminPages_HaveNoViolations() => await SweepAsync("admin@example.com",
    [
        "/admin", "/admin/users", "/admin/organizations", "/admin/content", "/admin/purchases", "/admin/audit", "/admin/templates",
    ]);
}
