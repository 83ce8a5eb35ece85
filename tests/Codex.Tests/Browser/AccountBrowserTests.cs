using System.Text.RegularExpressions;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Codex.Web.Infrastructure;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// The whole account life in Chromium, with JavaScript on (htmx posts) and off (plain form posts):
/// register → read the mail at /dev/mail → verify → signed in → sign out → forgot password → reset → sign in.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AccountBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Register_Verify_SignOut_Forgot_Reset_SignIn(bool javaScript)
    {
        var page = await browser.NewPageAsync(javaScript);
        var email = AuthApi.NewEmail();

        // Register, with one mistake first: the error shows inline and what was typed stays.
        await page.GotoAsync(Url("/register"));
        await page.FillAsync("#f-name", "Browser Person");
        await page.FillAsync("#f-email", email);
        await page.FillAsync("#f-password", "short");
        await page.ClickAsync($"#{DomIds.RegisterForm} button[type=submit]");
        await Assertions.Expect(page.Locator("#f-password-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#f-email")).ToHaveValueAsync(email);
        await page.FillAsync("#f-password", "browser-pass-1");
        await page.ClickAsync($"#{DomIds.RegisterForm} button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/verify-email\?"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check your inbox");

        // Read the mail and follow the link: verified and signed in.
        await OpenLatestMailLinkAsync(page, email, "/verify-email?token=");
        await page.WaitForURLAsync(new Regex(@"/library$"));
        await Assertions.Expect(page.Locator("header .nav-user")).ToContainTextAsync("Browser Person");

        // Sign out.
        await page.ClickAsync("header form[action='/logout'] button");
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToHaveTextAsync("You are signed out.");
        await Assertions.Expect(page.Locator("header a[href='/login']")).ToBeVisibleAsync();

        // Forgot the password: ask for a link, follow it, choose a new one.
        await page.GotoAsync(Url("/forgot-password"));
        await page.FillAsync("#f-email", email);
        await page.ClickAsync($"#{DomIds.ForgotForm} button[type=submit]");
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("If an account exists");
        await OpenLatestMailLinkAsync(page, email, "/reset-password?token=");
        await page.FillAsync("#f-newpassword", "browser-pass-2");
        await page.ClickAsync($"#{DomIds.ResetForm} button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/login$"));

        // Sign in with the new password, coming back to where we wanted to go.
        await page.GotoAsync(Url("/account"));
        await page.WaitForURLAsync(new Regex(@"/login\?redirect=%2Faccount$"));
        await page.FillAsync("#f-email", email);
        await page.FillAsync("#f-password", "browser-pass-2");
        await page.ClickAsync($"#{DomIds.LoginForm} button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/account$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your account");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithJavaScript_AnInvalidLogin_SwapsTheFormInPlace()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/login"));
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await page.FillAsync("#f-email", AuthApi.NewEmail());
        await page.FillAsync("#f-password", "not-the-password-1");
        await page.ClickAsync($"#{DomIds.LoginForm} button[type=submit]");

        await Assertions.Expect(page.Locator($"#{DomIds.LoginForm} .notice-error")).ToContainTextAsync("not right");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await page.Context.CloseAsync();
    }

    private async Task OpenLatestMailLinkAsync(IPage page, string email, string linkPart)
    {
        await Mailbox.DrainAsync(site); // mail leaves through the outbox job, a moment after the form was sent
        await page.GotoAsync(Url("/dev/mail"));
        await page.Locator("table.mail-list tr", new() { HasText = email }).First.Locator("a").ClickAsync();
        await page.Locator($"ul.mail-links a[href*='{linkPart}']").First.ClickAsync();
    }
}
