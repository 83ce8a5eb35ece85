using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// A platform admin finds a person on /admin/users, opens their page and disables the account after the confirmation
/// step with a reason (ADR 028); the person, whose page was open in another browser, is signed out on their very next
/// request. With JavaScript (htmx swaps the results and the confirmation in place) and without (plain GET forms, a
/// confirmation page, a redirect with a flash message).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AdminBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<IPage> SignedInAsync(Data.User user, bool javaScript)
    {
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await new TestData(site).SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);
        return page;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheAdminDisablesAUser_WhoseOpenPageLosesItsSessionOnTheNextRequest(bool javaScript)
    {
        var data = new TestData(site);
        var admin = await data.UserAsync("Ada Admin", UserRole.Admin);
        var word = "b" + Guid.NewGuid().ToString("N")[..8];
        var person = await data.UserAsync($"Dana {word}");

        // The person is signed in, with their library open.
        var theirs = await SignedInAsync(person, javaScript);
        await theirs.GotoAsync(Url("/library"));
        await Assertions.Expect(theirs.Locator("h1")).ToHaveTextAsync("Your library");

        // The admin searches, opens the account and disables it with a reason.
        var page = await SignedInAsync(admin, javaScript);
        await page.GotoAsync(Url("/admin/users"));
        await page.FillAsync("#f-users-q", word);
        if (!javaScript) await page.ClickAsync($"#{DomIds.AdminUsersSearch} button[type=submit]");
        var link = page.Locator($"#{DomIds.AdminUsersResults} a", new() { HasText = $"Dana {word}" });
        await Assertions.Expect(link).ToBeVisibleAsync();
        await link.ClickAsync();
        await page.WaitForURLAsync(new Regex($"/admin/users/{person.Id}$"));
        await page.ClickAsync("text=Disable account…");
        await Assertions.Expect(page.Locator("#admin-confirm-heading")).ToHaveTextAsync($"Disable Dana {word}?");
        if (javaScript) Assert.EndsWith($"/admin/users/{person.Id}", page.Url); // the step opened in place
        await page.ClickAsync($"#{DomIds.AdminConfirm} button[type=submit]");
        await Assertions.Expect(page.Locator($"#{DomIds.AdminConfirm} #f-reason-error")).ToHaveTextAsync("Say why: the audit log keeps the reason.");
        await page.FillAsync("#f-reason", "Sharing paid videos publicly");
        await page.ClickAsync($"#{DomIds.AdminConfirm} button[type=submit]");
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync($"Dana {word} is disabled and was signed out everywhere.");
        await Assertions.Expect(page.Locator($"#{DomIds.AdminUser}")).ToContainTextAsync("Sharing paid videos publicly");

        // The person's next request, from the page they had open, is anonymous: the library asks them to sign in.
        await theirs.ClickAsync("header.site-header a[href='/library']");
        await theirs.WaitForURLAsync(new Regex("/login\\?redirect=%2Flibrary$"));
        await Assertions.Expect(theirs.Locator("header.site-header")).ToContainTextAsync("Sign in");

        await using var db = site.Db();
        Assert.False(await db.Sessions.AnyAsync(s => s.UserId == person.Id));
        Assert.NotNull((await db.Users.SingleAsync(u => u.Id == person.Id)).DisabledAt);
    }
}
