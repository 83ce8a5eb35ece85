using System.Net;
using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Contracts.Auth;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;

namespace Codex.Tests.Web.Infrastructure.Auth;

/// <summary>
/// The site keeps a resolved session cookie briefly instead of asking the Auth worker on every page, and forgets it
/// at once when the session ends: sign-out through the site, a password reset or change anywhere.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SessionCacheTests(SiteFixture fixture)
{
    private readonly AuthApi _auth = new(fixture);

    /// <summary>
    /// How many times the Auth worker answered <c>GET /api/auth/session</c>, from its own <c>/metrics</c>. The exporter
    /// keeps a scrape for up to 300 ms, so each reading waits that out first.
    /// </summary>
    private async Task<long> SessionLookupsAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var text = await fixture.Client(Role.Auth).GetStringAsync("/metrics");
        return Regex.Matches(text, @"^http_server_request_duration_seconds_count\{[^}]*http_route=""/api/auth/session""[^}]*\} (\d+)", RegexOptions.Multiline)
            .Sum(m => long.Parse(m.Groups[1].Value));
    }

    private async Task<SiteBrowser> SignedInAsync(string email)
    {
        var cookie = await _auth.VerifiedAccountAsync(email);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie(SessionCookie.Name, cookie.Split('=', 2)[1]);
        return browser;
    }

    [Fact]
    public async Task PagesOfOneSession_AskTheAuthWorkerOnce_WithinTheCacheTime()
    {
        var browser = await SignedInAsync(AuthApi.NewEmail());
        var start = await SessionLookupsAsync();

        await browser.PageAsync("/account");
        var afterFirst = await SessionLookupsAsync();
        for (var i = 0; i < 5; i++) await browser.PageAsync("/account");
        var afterSix = await SessionLookupsAsync();

        Assert.Equal(start + 1, afterFirst); // the reading sees a lookup when there is one...
        Assert.Equal(afterFirst, afterSix);  // ...and five more pages within the cache time make none
    }

    [Fact]
    public async Task APasswordReset_EndsTheCachedSessionOnTheSite_AtOnce()
    {
        var email = AuthApi.NewEmail();
        var browser = await SignedInAsync(email);
        Assert.Contains("Your account", (await browser.PageAsync("/account")).Title);

        await _auth.PostAsync("/api/auth/email/send-reset-password-email", new EmailRequest(email));
        var token = await Mailbox.LatestTokenAsync(fixture, email, "reset-password");
        var reset = await _auth.PostAsync("/api/auth/email/reset-password", new ResetPasswordRequest(token, "brand-new-pass-2"));
        var after = await browser.GetAsync("/account");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);
        Assert.StartsWith("/login?redirect=", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOut_ThroughTheSite_EndsTheCachedSession_EvenForACopiedCookie()
    {
        var browser = await SignedInAsync(AuthApi.NewEmail());
        var copy = new SiteBrowser(fixture.System.SiteUrl);
        copy.SetCookie(SessionCookie.Name, browser.CookieValue(SessionCookie.Name)!);
        await copy.PageAsync("/account");

        var home = await browser.PageAsync("/");
        var signOut = await browser.SubmitAsync(home, "form.nav-form", []);
        var after = await copy.GetAsync("/account");

        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);
    }
}

/// <summary>Auth refusing session lookups for a while (its per-client limit of 3 a minute here): public pages still render.</summary>
public sealed class LimitedAuthFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.Auth, Role.Site];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["RateLimits:PerClientPerMinute"] = "3" };
}

public sealed class SessionLookupRefusedTests(LimitedAuthFixture fixture) : IClassFixture<LimitedAuthFixture>
{
    [Fact]
    public async Task WhenAuthAnswers429_APublicPageRendersWithANotice_NeverA500()
    {
        var statuses = new List<HttpStatusCode>();
        string? lastBody = null;
        for (var i = 0; i < 6; i++)
        {
            using var site = fixture.Client(Role.Site);
            var request = new HttpRequestMessage(HttpMethod.Get, "/login");
            request.Headers.Add("Cookie", $"{SessionCookie.Name}=not-a-session-{i}"); // a new cookie: never cached
            var response = await site.SendAsync(request);
            statuses.Add(response.StatusCode);
            lastBody = await response.Content.ReadAsStringAsync();
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains("couldn't check your sign-in", lastBody);
    }
}
