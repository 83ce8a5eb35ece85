using System.Net;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Auth;

/// <summary>The account pages through HTTP, parsed with AngleSharp, forms submitted as a browser without JavaScript would.</summary>
[Collection(SiteCollection.Name)]
public sealed class AuthPagesTests(SiteFixture fixture)
{
    private const string Password = "correct-horse-1";
    private SiteBrowser Browser() => new(fixture.System.SiteUrl);

    /// <summary>Registers through /register, then verifies through the mailed link; the browser ends signed in.</summary>
    private async Task<(SiteBrowser Browser, string Email)> SignedInAsync(string name = "Page Person")
    {
        var browser = Browser();
        var email = AuthApi.NewEmail();
        var register = await browser.SubmitAsync(await browser.PageAsync("/register"), $"#{DomIds.RegisterForm}",
            new() { ["Name"] = name, ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.SeeOther, register.StatusCode);
        var token = await Mailbox.LatestTokenAsync(fixture, email, "verify-email");
        var verified = await browser.GetAsync("/verify-email?token=" + Uri.EscapeDataString(token));
        Assert.Equal("/library", verified.Headers.Location?.ToString());
        return (browser, email);
    }

    [Theory]
    [InlineData("/register", "Create an account | Codex", DomIds.RegisterForm)]
    [InlineData("/login", "Sign in | Codex", DomIds.LoginForm)]
    [InlineData("/verify-email", "Check your inbox | Codex", DomIds.ResendForm)]
    [InlineData("/forgot-password", "Forgot your password? | Codex", DomIds.ForgotForm)]
    [InlineData("/reset-password?token=abc", "Choose a new password | Codex", DomIds.ResetForm)]
    public async Task Get_AccountPage_InBothShapes(string url, string title, string formId)
    {
        var site = fixture.Client(Role.Site);

        var full = await site.GetAsync(url);
        var fragment = await site.SendAsync(Html.Htmx(url));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal(title, page.Title);
        var form = page.GetElementById(formId)!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Contains("HX-Request", full.Headers.Vary);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{formId}\"", raw.TrimStart());
        Assert.DoesNotContain("site-header", raw);
        Assert.Contains("HX-Request", fragment.Headers.Vary);
    }

    [Fact]
    public async Task Post_Register_WithoutTheAntiforgeryToken_IsRefused_AndCreatesNothing()
    {
        var email = AuthApi.NewEmail();
        var response = await fixture.Client(Role.Site).PostAsync("/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "Forger", ["Email"] = email, ["Password"] = Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Mailbox.MessagesToAsync(fixture, email));
    }

    [Fact]
    public async Task Post_Register_Invalid_Returns422_WithInlineErrors_KeepingWhatWasTypedButThePassword()
    {
        var browser = Browser();
        var response = await browser.SubmitAsync(await browser.PageAsync("/register"), $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "Kept Name", ["Email"] = "not-an-email", ["Password"] = "short" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.NotNull(page.QuerySelector("header.site-header"));
        Assert.Equal("Kept Name", page.QuerySelector("#f-name")!.GetAttribute("value"));
        Assert.Equal("not-an-email", page.QuerySelector("#f-email")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#f-password")!.GetAttribute("value"));
        Assert.Equal("true", page.QuerySelector("#f-email")!.GetAttribute("aria-invalid"));
        Assert.Contains("f-email-error", page.QuerySelector("#f-email")!.GetAttribute("aria-describedby"));
        Assert.NotNull(page.QuerySelector("#f-password-error"));
    }

    [Fact]
    public async Task Post_Register_AsHtmx_Invalid_Returns422Fragment_Valid_ReturnsHxRedirect()
    {
        var browser = Browser();
        var page = await browser.PageAsync("/register");

        var invalid = await browser.SendAsync(SiteBrowser.FormRequest(page, $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "", ["Email"] = "x@example.test", ["Password"] = Password }, htmx: true));
        var email = AuthApi.NewEmail();
        var valid = await browser.SendAsync(SiteBrowser.FormRequest(page, $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "Htmx Person", ["Email"] = email, ["Password"] = Password }, htmx: true));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var (raw, _) = await invalid.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.RegisterForm}\"", raw.TrimStart());
        Assert.Contains("f-name-error", raw);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.StartsWith("/verify-email?email=", valid.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task Post_Register_ExistingEmail_ShowsItOnTheEmailField()
    {
        var (_, email) = await SignedInAsync();
        var browser = Browser();

        var response = await browser.SubmitAsync(await browser.PageAsync("/register"), $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "Again", ["Email"] = email, ["Password"] = Password });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("already exists", (await response.ParseAsync()).QuerySelector("#f-email-error")!.TextContent);
    }

    [Fact]
    public async Task Verify_SignsIn_SetsAnHttpOnlyLaxCookieOnTheSite_AndTheHeaderShowsWhoIsSignedIn()
    {
        var (browser, email) = await SignedInAsync("Header Person");

        var library = await browser.GetAsync("/library");

        Assert.Equal(HttpStatusCode.OK, library.StatusCode);
        var cacheControl = library.Headers.CacheControl!;
        Assert.True(cacheControl.Private || cacheControl.NoStore, cacheControl.ToString());
        Assert.False(cacheControl.Public);
        var page = await library.ParseAsync();
        Assert.Contains("Header Person", page.QuerySelector("header .nav-user")!.TextContent);
        Assert.NotNull(page.QuerySelector("header form[action='/logout'] input[name=__RequestVerificationToken]"));
        var cookie = browser.LastSetCookie("codex-session")!.ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.Contains("secure", cookie); // outside Development
        Assert.Contains(await Mailbox.MessagesToAsync(fixture, email), m => m.Subject.Contains("Confirm"));
    }

    [Fact]
    public async Task Get_VerifyEmail_WithABadToken_Returns400_AndOffersANewLink()
    {
        var response = await fixture.Client(Role.Site).GetAsync("/verify-email?token=nonsense");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("This link has expired | Codex", page.Title);
        Assert.NotNull(page.GetElementById(DomIds.ResendForm));
    }

    [Fact]
    public async Task Post_Login_WrongPassword_Returns422_KeepsTheEmail_SaysWhy()
    {
        var (_, email) = await SignedInAsync();
        var browser = Browser();

        var response = await browser.SubmitAsync(await browser.PageAsync("/login"), $"#{DomIds.LoginForm}",
            new() { ["Email"] = email, ["Password"] = "wrong-password-9" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("email or password is not right", page.QuerySelector(".notice-error")!.TextContent);
        Assert.Equal(email, page.QuerySelector("#f-email")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#f-password")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Post_Login_TooManyFailures_SaysSoInASentence()
    {
        var (_, email) = await SignedInAsync();
        var browser = Browser();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
            last = await browser.SubmitAsync(await browser.PageAsync("/login"), $"#{DomIds.LoginForm}",
                new() { ["Email"] = email, ["Password"] = "wrong-password-" + i });

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.InRange(last.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 15 * 60);
        var page = await last.ParseAsync();
        Assert.Contains("Try again in", page.QuerySelector(".notice-error")!.TextContent);
        Assert.NotNull(page.QuerySelector("header.site-header"));
        // Someone else signing in meanwhile is not held back by this email's lock.
        var other = await browser.SubmitAsync(await browser.PageAsync("/login"), $"#{DomIds.LoginForm}",
            new() { ["Email"] = AuthApi.NewEmail(), ["Password"] = "wrong-password-x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
    }

    [Theory]
    [InlineData("/library?tab=2", "/library?tab=2")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("", "/")]
    public async Task Post_Login_RedirectsOnlyToLocalPaths(string redirect, string expected)
    {
        var (_, email) = await SignedInAsync();
        var browser = Browser();

        var response = await browser.SubmitAsync(await browser.PageAsync("/login"), $"#{DomIds.LoginForm}",
            new() { ["Email"] = email, ["Password"] = Password, ["Redirect"] = redirect });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Get_Login_DropsAForeignRedirect_KeepsALocalOne()
    {
        var site = fixture.Client(Role.Site);

        var foreign = await (await site.GetAsync("/login?redirect=%2F%2Fevil.example")).ParseAsync();
        var local = await (await site.GetAsync("/login?redirect=%2Faccount")).ParseAsync();

        Assert.Equal("", foreign.QuerySelector("input[name=Redirect]")!.GetAttribute("value") ?? "");
        Assert.Equal("/account", local.QuerySelector("input[name=Redirect]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Get_SignedInPage_Anonymous_RedirectsToLogin_AndBack()
    {
        var site = fixture.Client(Role.Site);

        var plain = await site.GetAsync("/library");
        var htmx = await site.SendAsync(Html.Htmx("/account"));

        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Equal("/login?redirect=%2Flibrary", plain.Headers.Location!.ToString());
        Assert.Equal("/login?redirect=%2Faccount", htmx.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task Account_ChangeName_AndPassword_ByFormPost()
    {
        var (browser, email) = await SignedInAsync("Old Name");
        var account = await browser.PageAsync("/account");

        var renamed = await browser.SubmitAsync(account, $"#{DomIds.ProfileForm}", new() { ["Name"] = "New Name" });
        var after = await browser.FollowAsync(renamed);
        var wrong = await browser.SubmitAsync(after, $"#{DomIds.PasswordForm}",
            new() { ["CurrentPassword"] = "not-it-1", ["NewPassword"] = "another-pass-2" });
        var changed = await browser.SubmitAsync(after, $"#{DomIds.PasswordForm}",
            new() { ["CurrentPassword"] = Password, ["NewPassword"] = "another-pass-2" });

        Assert.Equal(HttpStatusCode.SeeOther, renamed.StatusCode);
        Assert.Contains("New Name", after.QuerySelector("header .nav-user")!.TextContent);
        Assert.Equal("Your name is saved.", after.GetElementById(DomIds.Flash)!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("not right", (await wrong.ParseAsync()).QuerySelector("#f-currentpassword-error")!.TextContent);
        Assert.Equal(HttpStatusCode.SeeOther, changed.StatusCode);
        var login = await new AuthApi(fixture).LoginAsync(email, "another-pass-2");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Post_Logout_EndsTheSession_AndClearsTheCookie()
    {
        var (browser, _) = await SignedInAsync();
        var session = browser.CookieValue("codex-session")!;

        var response = await browser.SubmitAsync(await browser.PageAsync("/library"), "header form[action='/logout']", new());

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Null(browser.CookieValue("codex-session"));
        Assert.Null(await new AuthApi(fixture).SessionAsync("codex-session=" + session));
    }

    [Fact]
    public async Task ForgotAndReset_ByFormPost_ChangesThePassword()
    {
        var (_, email) = await SignedInAsync();
        var browser = Browser();

        var sent = await browser.SubmitAsync(await browser.PageAsync("/forgot-password"), $"#{DomIds.ForgotForm}", new() { ["Email"] = email });
        var sentPage = await browser.FollowAsync(sent);
        var token = await Mailbox.LatestTokenAsync(fixture, email, "reset-password");
        var resetPage = await browser.PageAsync("/reset-password?token=" + Uri.EscapeDataString(token));
        var weak = await browser.SubmitAsync(resetPage, $"#{DomIds.ResetForm}", new() { ["NewPassword"] = "weak" });
        var reset = await browser.SubmitAsync(resetPage, $"#{DomIds.ResetForm}", new() { ["NewPassword"] = "reset-pass-77" });
        var reused = await browser.SubmitAsync(resetPage, $"#{DomIds.ResetForm}", new() { ["NewPassword"] = "reset-pass-78" });

        Assert.Contains("If an account exists", sentPage.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Equal("/login", reset.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("invalid, already used or expired", (await reused.ParseAsync()).QuerySelector(".notice-error")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await new AuthApi(fixture).LoginAsync(email, "reset-pass-77")).StatusCode);
    }

    [Fact]
    public async Task EveryPage_CarriesSecurityHeaders_AndNoInlineScript()
    {
        foreach (var url in new[] { "/", "/discover", "/login", "/register", "/no-such-page" })
        {
            var response = await fixture.Client(Role.Site).GetAsync(url);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("form-action 'self';", csp); // nothing else without Stripe keys
            Assert.Contains("media-src 'self' blob:;", csp); // nor without S3
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            var page = await response.ParseAsync();
            // JSON-LD is data, not script: the CSP does not apply to it and it never runs.
            Assert.All(page.QuerySelectorAll("script:not([type='application/ld+json'])"),
                s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"inline script on {url}"));
            Assert.Empty(page.QuerySelectorAll("[style]"));
        }
    }

    [Fact]
    public async Task DevMail_ListsTheOutbox_WithClickableLinks()
    {
        var email = AuthApi.NewEmail();
        var browser = Browser();
        await browser.SubmitAsync(await browser.PageAsync("/register"), $"#{DomIds.RegisterForm}",
            new() { ["Name"] = "Mail Reader", ["Email"] = email, ["Password"] = Password });
        await Mailbox.DrainAsync(fixture);

        var list = await browser.PageAsync("/dev/mail");
        var link = list.QuerySelectorAll("table.mail-list tr").First(r => r.TextContent.Contains(email)).QuerySelector("a")!;
        var message = await browser.PageAsync(link.GetAttribute("href")!);

        Assert.Contains("/verify-email?token=", message.QuerySelector("ul.mail-links a")!.GetAttribute("href"));
    }
}

/// <summary>/dev/mail exists only in Development (or when asked for).</summary>
public sealed class DevMailOffTests
{
    [Fact]
    public async Task Get_DevMail_OutsideDevelopment_Returns404()
    {
        TestLogging.EnsureConfigured();
        await using var system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site], DynamicPorts = true, EnvironmentName = "Production",
            Settings = new Dictionary<string, string?> { ["Codex:DataPath"] = Path.Combine(Path.GetTempPath(), "codex-tests", "devmail-off") },
        });

        var response = await new HttpClient { BaseAddress = system.SiteUrl }.GetAsync("/dev/mail");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>The CSP names the other origins the configuration brings, and only those.</summary>
public sealed class ContentSecurityPolicyTests
{
    [Fact]
    public async Task WithStripeKeysAndS3_TheCspAllowsStripeCheckoutForForms_AndTheS3EndpointForMedia()
    {
        TestLogging.EnsureConfigured();
        await using var system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site], DynamicPorts = true, EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                ["Codex:DataPath"] = Path.Combine(Path.GetTempPath(), "codex-tests", "csp-" + Guid.NewGuid().ToString("N")),
                ["Stripe:SecretKey"] = "sk_test_not_a_real_key",
                ["Storage:S3:ServiceUrl"] = "http://127.0.0.1:4569/",
            },
        });

        var csp = (await new HttpClient { BaseAddress = system.SiteUrl }.GetAsync("/login")).Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains("form-action 'self' https://checkout.stripe.com;", csp);
        Assert.Contains("media-src 'self' blob: http://127.0.0.1:4569;", csp);
        Assert.Contains("img-src 'self' data: http://127.0.0.1:4569;", csp);
        Assert.Contains("script-src 'self';", csp);
    }
}

/// <summary>Sign-in with the contract's per-client limit (a few attempts), as an attacker and a visitor would meet it.</summary>
public sealed class SignInLimitFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.Auth, Role.Site];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:AuthPerClient"] = "5",
        ["RateLimits:FailedLoginsPerEmail"] = "100000",
    };
}

public sealed class SignInLimitTests(SignInLimitFixture fixture) : IClassFixture<SignInLimitFixture>
{
    private async Task<HttpResponseMessage> SignInAsync(SiteBrowser browser, string from, string email)
    {
        var page = await browser.PageAsync("/login");
        var request = SiteBrowser.FormRequest(page, $"#{DomIds.LoginForm}", new() { ["Email"] = email, ["Password"] = "wrong-password-1" });
        request.Headers.Add("X-Forwarded-For", from);
        return await browser.SendAsync(request);
    }

    [Fact]
    public async Task OneClientsFlood_OfFailedSignIns_LimitsThatClient_AndNobodyElse()
    {
        var attacker = new SiteBrowser(fixture.System.SiteUrl);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 60; i++)
        {
            last = await SignInAsync(attacker, "203.0.113.66", AuthApi.NewEmail());
            statuses.Add(last.StatusCode);
        }
        var visitor = await SignInAsync(new SiteBrowser(fixture.System.SiteUrl), "203.0.113.77", AuthApi.NewEmail());

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(55, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotNull(last!.Headers.RetryAfter?.Delta);
        // The worker's 429s are one client's answer: the circuit to Auth stays closed for everyone else.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, visitor.StatusCode);
        Assert.Contains("not right", (await visitor.ParseAsync()).QuerySelector(".notice-error")!.TextContent);
    }
}
