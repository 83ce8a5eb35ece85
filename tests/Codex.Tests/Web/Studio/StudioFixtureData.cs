using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Studio;

/// <summary>An organization with a creator signed in to a browser: what most studio tests start from.</summary>
internal sealed record StudioCast(Data.Organization Org, Data.User Creator, SiteBrowser Browser)
{
    public string Studio => "/studio/" + Org.Slug;
    public string Content => Studio + "/content";

    public static async Task<StudioCast> ArrangeAsync(SiteFixture fixture, MemberRole role = MemberRole.Creator)
    {
        var data = new TestData(fixture);
        var org = await data.OrganizationAsync();
        var creator = await data.UserAsync("Studio Creator");
        await data.MembershipAsync(org, creator, role);
        return new StudioCast(org, creator, await BrowserAsync(fixture, creator));
    }

    public static async Task<SiteBrowser> BrowserAsync(SiteFixture fixture, Data.User user)
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", (await new TestData(fixture).SessionCookieAsync(user)).Split('=', 2)[1]);
        return browser;
    }

    /// <summary>Every field of the content form, as a browser sends it (selects and textareas included).</summary>
    public static Dictionary<string, string> Fields(string title = "A written piece", string slug = "", string type = "written",
        string access = "free", string price = "", string tags = "one, two", string body = "Some **bold** text.",
        string description = "What it is about.", string media = "") => new()
    {
        ["Title"] = title, ["Slug"] = slug, ["Description"] = description, ["ContentType"] = type, ["AccessType"] = access,
        ["Price"] = price, ["Tags"] = tags, ["ContentBody"] = body, ["MediaId"] = media,
    };
}
