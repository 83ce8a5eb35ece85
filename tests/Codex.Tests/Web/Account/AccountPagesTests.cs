using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Account;

/// <summary>The account area's pages: both shapes, navigation, who may open them, and caching.</summary>
[Collection(SiteCollection.Name)]
public sealed class AccountPagesTests(SiteFixture fixture)
{
    private readonly AccountPeople _people = new(fixture);

    [Theory]
    [InlineData("/account", "Your account | Codex")]
    [InlineData("/account/profile", "Your public profile | Codex")]
    [InlineData("/account/email", "Your email address | Codex")]
    [InlineData("/account/sessions", "Where you are signed in | Codex")]
    [InlineData("/account/purchases", "Your purchases | Codex")] // issue 15, item 5: it was the one account page without the navigation
    [InlineData("/account/export", "Export your data | Codex")]
    [InlineData("/account/delete", "Delete your account | Codex")]
    public async Task Get_AccountPage_InBothShapes_WithTheAreasNavigation_AndPrivateCaching(string path, string title)
    {
        var (_, browser) = await _people.SignedInAsync();

        var full = await browser.GetAsync(path);
        var fragment = await browser.SendAsync(Html.Htmx(path));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal(title, page.Title);
        Assert.Single(page.QuerySelectorAll("h1"));
        var nav = page.GetElementById(DomIds.AccountNav)!;
        Assert.Equal("Your account", nav.GetAttribute("aria-label"));
        Assert.Equal(8, nav.QuerySelectorAll("a").Length);
        Assert.Equal(path, nav.QuerySelector("a[aria-current=page]")!.GetAttribute("href"));
        Assert.False(full.Headers.CacheControl!.Public);
        Assert.True(full.Headers.CacheControl.Private || full.Headers.CacheControl.NoStore);
        Assert.Contains("HX-Request", full.Headers.Vary);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.DoesNotContain("site-header", raw);
        Assert.DoesNotContain(DomIds.AccountNav, raw);
        foreach (var form in page.QuerySelectorAll("form[method=post]"))
            Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Theory]
    [InlineData("/account/profile")]
    [InlineData("/account/email")]
    [InlineData("/account/sessions")]
    [InlineData("/account/export")]
    [InlineData("/account/export/download")]
    [InlineData("/account/delete")]
    public async Task Get_AccountPage_Anonymous_RedirectsToSignIn_InBothShapes(string path)
    {
        var site = fixture.Client(Role.Site);

        var page = await site.GetAsync(path);
        var fragment = await site.SendAsync(Html.Htmx(path));

        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), page.Headers.Location!.OriginalString);
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), fragment.Headers.GetValues("HX-Redirect").Single());
    }

    [Theory]
    [InlineData("/account/profile")]
    [InlineData("/account/email")]
    [InlineData("/account/delete")]
    [InlineData("/account/sessions/00000000-0000-0000-0000-000000000000/end")]
    public async Task Post_AccountForm_WithoutTheAntiforgeryToken_IsRefused(string path)
    {
        var (_, browser) = await _people.SignedInAsync();

        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "X", ["Confirmation"] = "DELETE" }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_AccountPage_WhenIdentityApiIsDown_ShowsTheUnavailableNotice_Returns503()
    {
        var user = await _people.Data.UserAsync("Outage Person");
        var cookie = (await _people.Data.SessionCookieAsync(user)).Split('=', 2)[1];
        await using var system = await Codex.Host.CodexSystem.StartAsync(new Codex.Host.SystemOptions
        {
            Roles = [Role.Site],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                [WorkerInfo.Of(Role.Auth).UrlVariable] = fixture.System.Urls[Role.Auth].ToString(),
                [WorkerInfo.Of(Role.IdentityApi).UrlVariable] = ClosedPort.Url().ToString(),
            },
        });
        var browser = new SiteBrowser(system.SiteUrl);
        browser.SetCookie("codex-session", cookie);

        var response = await browser.GetAsync("/account/profile");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.NotNull(page.QuerySelector("header.site-header .nav-user"));
        Assert.Equal("/account/profile", page.QuerySelector(".notice-unavailable a")!.GetAttribute("href"));
    }
}
