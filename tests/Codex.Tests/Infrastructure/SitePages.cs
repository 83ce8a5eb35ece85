using Codex.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Infrastructure;

/// <summary>
/// Every distinct page of the site, per area (public, and signed in as the demo customer, creator and admin), on the
/// demo catalogue: the accessibility sweep visits them with axe, the JavaScript budget (issue 16) weighs their scripts.
/// </summary>
public static class SitePages
{
    public static readonly string[] DemoOrganizations = ["northwind-studio", "fieldnotes-press", "lumen-audio"];

    public static async Task<string> ContentPathAsync(SystemFixture site, ContentType type)
    {
        await using var db = site.Db();
        var item = await db.Content.AsNoTracking()
            .Where(c => c.ContentType == type && c.Status == ContentStatus.Published && c.DeletedAt == null
                && DemoOrganizations.Contains(c.Organization!.Slug))
            .OrderBy(c => c.Slug).Select(c => new { Org = c.Organization!.Slug, c.Slug }).FirstAsync();
        return $"/o/{item.Org}/content/{item.Slug}";
    }

    public static async Task<string[]> PublicAsync(SystemFixture site) =>
    [
        "/", "/discover", "/discover?q=light&type=video", "/discover?tag=video", "/organizations", "/organizations?q=zzzzqqq",
        "/o/fieldnotes-press", await ContentPathAsync(site, ContentType.Video), await ContentPathAsync(site, ContentType.Audio),
        await ContentPathAsync(site, ContentType.Written), "/u/cleo", "/login", "/register", "/forgot-password", "/logout",
        "/reset-password?token=not-a-real-token", "/verify-email?token=not-a-real-token", "/about", "/help", "/terms",
        "/privacy", "/o/no-such-organization",
    ];

    public static async Task<string[]> CustomerAsync(SystemFixture site)
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
        return
        [
            "/", "/library", "/account", "/account/profile", "/account/email", "/account/purchases",
            $"/account/purchases/{bought.Id}", $"/o/{bought.Org}/content/{bought.Slug}", $"/checkout/buy?content={notBought}",
            "/account/sessions", "/account/export", "/account/delete", "/o/northwind-studio", "/studio", "/logout",
        ];
    }

    public static async Task<string[]> CreatorAsync(SystemFixture site)
    {
        await using var db = site.Db();
        var slug = await db.Memberships.AsNoTracking()
            .Where(m => m.User!.Email == "creator@example.com" && m.Role == MemberRole.Owner)
            .OrderBy(m => m.Organization!.Slug).Select(m => m.Organization!.Slug).FirstAsync();
        var itemId = await db.Content.AsNoTracking().Where(c => c.Organization!.Slug == slug && c.DeletedAt == null)
            .OrderBy(c => c.Slug).Select(c => c.Id).FirstAsync();
        return
        [
            "/studio", "/studio/new", $"/studio/{slug}", $"/studio/{slug}/content", $"/studio/{slug}/content/new",
            $"/studio/{slug}/content/{itemId}/edit", $"/studio/{slug}/media", $"/studio/{slug}/settings", $"/studio/{slug}/members",
            $"/studio/{slug}/sales",
        ];
    }

    public static async Task<string[]> AdminAsync(SystemFixture site)
    {
        await using var db = site.Db();
        var customer = await db.Users.AsNoTracking().Where(u => u.Email == "customer@example.com").Select(u => u.Id).SingleAsync();
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Slug == "northwind-studio").Select(o => o.Id).SingleAsync();
        return
        [
            "/admin", "/admin/users", $"/admin/users/{customer}", "/admin/organizations", $"/admin/organizations/{organization}",
            "/admin/content", "/admin/purchases", "/admin/audit", "/admin/templates",
        ];
    }
}
