using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Admin;

/// <summary>Browsers for the admin pages' tests: a platform admin's, and one for each other kind of visitor.</summary>
internal static class AdminPages
{
    /// <summary>A new platform admin and a browser signed in as them.</summary>
    public static async Task<(Data.User Admin, SiteBrowser Browser)> AdminAsync(SiteFixture fixture, string name = "Pat Admin")
    {
        var admin = await new TestData(fixture).UserAsync(name, UserRole.Admin);
        return (admin, await BrowserAsync(fixture, admin));
    }

    public static async Task<SiteBrowser> BrowserAsync(SiteFixture fixture, Data.User user)
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", (await new TestData(fixture).SessionCookieAsync(user)).Split('=', 2)[1]);
        return browser;
    }

    /// <summary>A browser for <paramref name="who"/>: anonymous, a customer, an organization's owner, a platform admin.</summary>
    public static async Task<SiteBrowser> VisitorAsync(SiteFixture fixture, Who who)
    {
        var data = new TestData(fixture);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        if (await data.CookieAsync(await data.OrganizationAsync(), who) is { } cookie) browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);
        return browser;
    }

    /// <summary>The fields of a confirmation step's form, as a browser sends them (the textarea included).</summary>
    public static Dictionary<string, string> Reason(string reason) => new() { ["Reason"] = reason };
}
