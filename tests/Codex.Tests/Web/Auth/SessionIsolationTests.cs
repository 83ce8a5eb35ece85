using System.Net;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Auth;

/// <summary>
/// The site calls the workers for many visitors at once: a session one worker answer sets (sign-in, verification)
/// must never ride along on another visitor's calls. It did: the site's worker clients kept a cookie jar, so after
/// any sign-in through the site, a made-up cookie was signed in as the last person to sign in. It showed in
/// Development, where the session cookie is not <c>Secure</c> and so the jar sent it on over plain HTTP.
/// </summary>
public sealed class SessionIsolationTests(DevelopmentSiteFixture fixture) : IClassFixture<DevelopmentSiteFixture>
{
    private async Task<(SiteBrowser Browser, string Email)> SignedInThroughTheSiteAsync()
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        var email = AuthApi.NewEmail();
        var register = await browser.SubmitAsync(await browser.PageAsync("/register"), $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "Isolated Person", ["Email"] = email, ["Password"] = "correct-horse-1" });
        Assert.Equal(HttpStatusCode.SeeOther, register.StatusCode);
        var token = await Mailbox.LatestTokenAsync(fixture, email, "verify-email");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/verify-email?token=" + Uri.EscapeDataString(token))).StatusCode);
        // Verifying signed that browser in; a second one signs in through /login.
        var signingIn = new SiteBrowser(fixture.System.SiteUrl);
        var login = await signingIn.SubmitAsync(await signingIn.PageAsync("/login"), $"#{DomIds.LoginForm}",
            new() { ["Email"] = email, ["Password"] = "correct-horse-1" });
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        return (signingIn, email);
    }

    private HttpClient Bare() =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = fixture.System.SiteUrl };

    [Theory]
    [InlineData("bogusbogus")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AfterSomeoneSignsInThroughTheSite_AMadeUpCookie_IsNobody(string madeUp)
    {
        var (_, email) = await SignedInThroughTheSiteAsync();

        var request = new HttpRequestMessage(HttpMethod.Get, "/account");
        request.Headers.Add("Cookie", $"codex-session={madeUp}");
        var response = await Bare().SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.ToString());
        Assert.DoesNotContain(email, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TwoPeopleSignedInThroughTheSite_EachSeesThemself()
    {
        var (first, firstEmail) = await SignedInThroughTheSiteAsync();
        var (second, secondEmail) = await SignedInThroughTheSiteAsync();

        var firstPage = await (await first.GetAsync("/account")).Content.ReadAsStringAsync();
        var secondPage = await (await second.GetAsync("/account")).Content.ReadAsStringAsync();
        var anonymous = await Bare().GetAsync("/account");

        Assert.Contains(firstEmail, firstPage);
        Assert.DoesNotContain(secondEmail, firstPage);
        Assert.Contains(secondEmail, secondPage);
        Assert.DoesNotContain(firstEmail, secondPage);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}

/// <summary>The whole system in Development (as <c>dotnet run</c> starts it), on an empty database.</summary>
public sealed class DevelopmentSiteFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [.. WorkerInfo.All.Select(w => w.Role), Role.Site];
    protected override string EnvironmentName => "Development";
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "100000",
    };
}
