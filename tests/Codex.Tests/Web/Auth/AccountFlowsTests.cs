using System.Net;
using System.Text.Json;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Account;
using Codex.Tests.Workers.Auth;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Auth;

/// <summary>Issue 15's smaller account fixes: what a person meets at /logout, on a used link, after a refused form, and when paused.</summary>
[Collection(SiteCollection.Name)]
public sealed class AccountFlowsTests(SiteFixture fixture)
{
    private const string Password = "correct-horse-1";
    private readonly AccountPeople _people = new(fixture);

    // Issue 15, item 12: GET /logout read "400 That didn't work".
    [Fact]
    public async Task Get_Logout_SignedIn_OffersTheSignOutButton_InBothShapes_AndItSignsOut()
    {
        var (user, browser) = await _people.SignedInAsync("Leaving Person");

        var full = await browser.GetAsync("/logout");
        var fragment = await browser.SendAsync(Html.Htmx("/logout"));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal("Sign out | Codex", page.Title);
        Assert.Contains(user.Email, page.GetElementById(DomIds.LogoutForm)!.TextContent);
        Assert.False(full.Headers.CacheControl!.Public);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.LogoutForm}\"", raw.TrimStart());
        var signedOut = await browser.SubmitAsync(page, $"#{DomIds.LogoutForm}", new());
        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        Assert.Null(browser.CookieValue("codex-session"));
    }

    [Fact]
    public async Task Get_Logout_SignedOut_SaysSo_WithoutAnError()
    {
        var response = await fixture.Client(Role.Site).GetAsync("/logout");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("You are signed out | Codex", page.Title);
        Assert.NotNull(page.QuerySelector($"#{DomIds.LogoutForm} a[href='/login']"));
    }

    // Issue 15, item 12: a used verification link while signed in (and so verified) said "expired".
    [Fact]
    public async Task Get_VerifyEmail_AUsedLink_WhileSignedIn_SaysTheAddressIsConfirmed()
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        var email = AuthApi.NewEmail();
        await browser.SubmitAsync(await browser.PageAsync("/register"), $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "Twice Clicker", ["Email"] = email, ["Password"] = Password });
        var link = "/verify-email?token=" + Uri.EscapeDataString(await Mailbox.LatestTokenAsync(fixture, email, "verify-email"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(link)).StatusCode);

        var again = await browser.GetAsync(link);
        var anonymously = await fixture.Client(Role.Site).GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var page = await again.ParseAsync();
        Assert.Equal("Your address is confirmed | Codex", page.Title);
        Assert.Contains(email, page.QuerySelector("main")!.TextContent);
        Assert.Null(page.GetElementById(DomIds.ResendForm));
        Assert.Equal("/library", page.QuerySelector("main a.button")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.BadRequest, anonymously.StatusCode); // signed out, nothing says whose it was
    }

    // Issue 15, item 12: a refused account form without JavaScript left the address on the post's target.
    [Fact]
    public async Task AccountForms_PostToTheirPagesOwnAddress_SoARefusedOneLeavesTheAddressAsItWas()
    {
        var (_, browser) = await _people.SignedInAsync();
        var account = await browser.PageAsync("/account");
        var profile = await browser.PageAsync("/account/profile");
        var anonymous = new SiteBrowser(fixture.System.SiteUrl);
        var login = await anonymous.PageAsync("/login?redirect=%2Faccount%2Fpurchases");
        var register = await anonymous.PageAsync("/register?redirect=%2Faccount");
        var reset = await anonymous.PageAsync("/reset-password?token=abc");

        Assert.Equal("/account", account.GetElementById(DomIds.ProfileForm)!.GetAttribute("action"));
        Assert.Equal("/account", account.GetElementById(DomIds.PasswordForm)!.GetAttribute("action"));
        Assert.Equal("/account/profile", profile.GetElementById(DomIds.AvatarForm)!.GetAttribute("action"));
        Assert.Equal("/login?redirect=%2Faccount%2Fpurchases", login.GetElementById(DomIds.LoginForm)!.GetAttribute("action"));
        Assert.Equal("/register?redirect=%2Faccount", register.GetElementById(DomIds.RegisterForm)!.GetAttribute("action"));
        Assert.Equal("/reset-password?token=abc", reset.GetElementById(DomIds.ResetForm)!.GetAttribute("action"));

        var wrongPassword = await browser.SubmitAsync(account, $"#{DomIds.PasswordForm}",
            new() { ["CurrentPassword"] = "not-it-1", ["NewPassword"] = "another-pass-2" });
        var emptyName = await browser.SubmitAsync(account, $"#{DomIds.ProfileForm}", new() { ["Name"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongPassword.StatusCode);
        Assert.NotNull((await wrongPassword.ParseAsync()).QuerySelector($"#{DomIds.PasswordForm} .notice-error, #{DomIds.PasswordForm} .field-error"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, emptyName.StatusCode);
        Assert.NotNull((await emptyName.ParseAsync()).QuerySelector("#f-name-error"));
    }

    // Issue 15, item 11: paused after too many failures, the sentence and a way to reset show inline, in both shapes.
    [Fact]
    public async Task Post_Login_Paused_ShowsTheSentence_WhenToTryAgain_AndAResetLink_InBothShapes()
    {
        var (user, _) = await _people.SignedInAsync("Paused Person");
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        var page = await browser.PageAsync("/login");
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
            last = await browser.SubmitAsync(page, $"#{DomIds.LoginForm}", new() { ["Email"] = user.Email, ["Password"] = "wrong-password-" + i });
        var fragment = await browser.SendAsync(SiteBrowser.FormRequest(page, $"#{DomIds.LoginForm}",
            new() { ["Email"] = user.Email, ["Password"] = "wrong-password-x" }, htmx: true));

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        var full = await last.ParseAsync();
        Assert.Contains("Try again in", full.QuerySelector($"#{DomIds.LoginForm} .notice-error")!.TextContent);
        Assert.Equal("/forgot-password?email=" + Uri.EscapeDataString(user.Email),
            full.QuerySelector($"#{DomIds.LoginForm} .rate-limit-help a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.TooManyRequests, fragment.StatusCode);
        var (raw, form) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.LoginForm}\"", raw.TrimStart());
        Assert.Contains("Try again in", form.QuerySelector(".notice-error")!.TextContent);
        Assert.NotNull(form.QuerySelector(".rate-limit-help a[href^='/forgot-password']"));
        Assert.DoesNotContain("not right", raw);
    }

    // Issue 15, items 11 and 12: htmx swaps a 429's form and injects no indicator style (the CSP refuses inline styles).
    [Fact]
    public async Task TheHtmxConfig_SwapsA429_AndInjectsNoIndicatorStyle_WhoseRulesAreInTheStylesheet()
    {
        var site = fixture.Client(Role.Site);
        var page = await (await site.GetAsync("/login")).ParseAsync();

        using var config = JsonDocument.Parse(page.QuerySelector("meta[name=htmx-config]")!.GetAttribute("content")!);
        Assert.False(config.RootElement.GetProperty("includeIndicatorStyles").GetBoolean());
        var handling = config.RootElement.GetProperty("responseHandling").EnumerateArray()
            .First(h => System.Text.RegularExpressions.Regex.IsMatch("429", h.GetProperty("code").GetString()!));
        Assert.True(handling.GetProperty("swap").GetBoolean());
        var css = await site.GetStringAsync(page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));
        Assert.Contains(".htmx-request .htmx-indicator", css);
    }

    // Issue 15, item 10: the polite region site.js announces a form's outcome in, on every page.
    [Fact]
    public async Task EveryPage_HasAPoliteFormStatusRegion()
    {
        var page = await (await fixture.Client(Role.Site).GetAsync("/register")).ParseAsync();

        var region = page.GetElementById(DomIds.FormStatus)!;
        Assert.Equal("polite", region.GetAttribute("aria-live"));
        Assert.Equal("status", region.GetAttribute("role"));
    }
}
