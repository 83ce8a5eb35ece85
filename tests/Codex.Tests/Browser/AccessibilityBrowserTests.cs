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

    private static readonly string[] DemoOrganizations = ["northwind-studio", "fieldnotes-press", "lumen-audio"];

    private async Task<string> ContentPathAsync(ContentType type)
    {
        await using var db = site.Db();
        var item = await db.Content.AsNoTracking()
            .Where(c => c.ContentType == type && c.Status == ContentStatus.Published && c.DeletedAt == null
                && DemoOrganizations.Contains(c.Organization!.Slug))
            .OrderBy(c => c.Slug).Select(c => new { Org = c.Organization!.Slug, c.Slug }).FirstAsync();
        return $"/o/{item.Org}/content/{item.Slug}";
    }

    [Fact]
    public async Task PublicPages_HaveNoViolations()
    {
        string[] paths =
        [
            "/", "/discover", "/discover?q=light&type=video", "/discover?tag=video", "/organizations", "/organizations?q=zzzzqqq",
            "/o/fieldnotes-press", await ContentPathAsync(ContentType.Video), await ContentPathAsync(ContentType.Audio),
            await ContentPathAsync(ContentType.Written), "/u/cleo", "/login", "/register", "/forgot-password", "/logout",
            "/reset-password?token=not-a-real-token", "/verify-email?token=not-a-real-token", "/about", "/help", "/terms",
            "/privacy", "/o/no-such-organization",
        ];
        await SweepAsync(null, paths);
    }

    [Fact]
    public async Task CustomerPages_HaveNoViolations()
    {
        await using var db = site.Db();
        var customer = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "customer@example.com");
        var bought = await db.Purchases.AsNoTracking()
            .Where(p => p.UserId == customer.Id && p.Status == PurchaseStatus.Completed)
            .OrderBy(p => p.PurchasedAt).Select(p => new { p.Id, Org = p.Content!.Organization!.Slug, p.Content.Slug }).FirstAsync();
        var notBought = await db.Content.AsNoTracking()
            .Where(c => c.AccessType == AccessType.Paid && c.Status == ContentStatus.Published && c.DeletedAt == null
                && !db.Purchases.Any(p => p.UserId == customer.Id && p.ContentId == c.Id))
            .OrderBy(c => c.Slug).Select(c => c.Id).FirstAsync();
        await SweepAsync("customer@example.com",
        [
            "/", "/library", "/account", "/account/profile", "/account/email", "/account/purchases",
            $"/account/purchases/{bought.Id}", $"/o/{bought.Org}/content/{bought.Slug}", $"/checkout/buy?content={notBought}",
            "/account/sessions", "/account/export", "/account/delete", "/o/northwind-studio", "/studio", "/logout",
        ]);
    }

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
    public async Task AdminPages_HaveNoViolations()
    {
        await using var db = site.Db();
        var customer = await db.Users.AsNoTracking().Where(u => u.Email == "customer@example.com").Select(u => u.Id).SingleAsync();
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Slug == "northwind-studio").Select(o => o.Id).SingleAsync();
        await SweepAsync("admin@example.com",
        [
            "/admin", "/admin/users", $"/admin/users/{customer}", "/admin/organizations", $"/admin/organizations/{organization}",
            "/admin/content", "/admin/purchases", "/admin/audit", "/admin/templates",
        ]);
    }
}
