using System.Text.RegularExpressions;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Account;
using Codex.Tests.Workers.Auth;
using Codex.Web.Infrastructure;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// Issue 15 in Chromium: a refused form keeps the keyboard where the problem is (item 10), a paused sign-in says so in
/// place (item 11), no htmx style trips the CSP (item 12), and "Sign in to buy" ends at the checkout step (item 6).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AccountFormsBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Fact]
    public async Task WithJavaScript_ARefusedForm_MovesTheFocusToTheProblem_AndAnnouncesIt()
    {
        var page = await browser.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) cspViolations.Add(message.Text); };

        // A bad email: the focus lands on that field, and the polite region says what to fix.
        await page.GotoAsync(Url("/register"));
        await page.FillAsync("#f-name", "Keyboard Person");
        await page.FillAsync("#f-email", "not-an-email");
        await page.FillAsync("#f-password", "good-pass-1");
        await page.PressAsync("#f-password", "Enter");
        await Assertions.Expect(page.Locator("#f-email-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#f-email")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator($"#{DomIds.FormStatus}")).ToContainTextAsync("One field needs attention");

        // A wrong password blames no field: the focus lands on the form's error notice.
        await page.GotoAsync(Url("/login"));
        await page.FillAsync("#f-email", AuthApi.NewEmail());
        await page.FillAsync("#f-password", "not-the-password-1");
        await page.PressAsync("#f-password", "Enter");
        await Assertions.Expect(page.Locator($"#{DomIds.LoginForm} .notice-error")).ToBeFocusedAsync();

        Assert.Empty(cspViolations); // htmx injected no indicator style
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithJavaScript_APausedSignIn_ShowsTheSentenceInPlace_WithAResetLink_AndNoToast()
    {
        var (user, _) = await new AccountPeople(site).SignedInAsync("Paused Browser");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/login"));
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        for (var i = 0; i < 6; i++)
        {
            await page.FillAsync("#f-email", user.Email);
            await page.FillAsync("#f-password", "wrong-password-" + i);
            await page.ClickAsync($"#{DomIds.LoginForm} button[type=submit]");
            await Assertions.Expect(page.Locator($"#{DomIds.LoginForm} .notice-error")).ToBeFocusedAsync();
            if (i < 5) await Assertions.Expect(page.Locator($"#{DomIds.LoginForm} .notice-error")).ToContainTextAsync(new Regex("not right|Try again in"));
        }

        await Assertions.Expect(page.Locator($"#{DomIds.LoginForm} .notice-error")).ToContainTextAsync("Try again in");
        await Assertions.Expect(page.Locator($"#{DomIds.LoginForm} .notice-error")).Not.ToContainTextAsync("not right");
        await Assertions.Expect(page.Locator($"#{DomIds.LoginForm} .rate-limit-help a")).ToHaveAttributeAsync("href", new Regex("^/forgot-password"));
        await Assertions.Expect(page.Locator($"#{DomIds.Toasts} .toast")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignInToBuy_EndsAtTheCheckoutOfThatItem(bool javaScript)
    {
        var (user, _) = await new AccountPeople(site).SignedInAsync("Browser Buyer");
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var item = await data.ContentAsync(org, await data.UserAsync(), "Browser wanted " + Guid.NewGuid().ToString("N")[..6],
            Codex.Contracts.ContentType.Video, Codex.Contracts.AccessType.Paid, body: null);
        var page = await browser.NewPageAsync(javaScript);

        await page.GotoAsync(Url($"/o/{org.Slug}/content/{item.Slug}"));
        await page.ClickAsync(".access-notice a.button");
        await page.FillAsync("#f-email", user.Email);
        await page.FillAsync("#f-password", AccountPeople.Password);
        await page.ClickAsync($"#{DomIds.LoginForm} button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/checkout/buy\?content=" + item.Id));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(item.Title);
        await page.ClickAsync($"#{DomIds.BuyForm} button[type=submit]");

        await page.WaitForURLAsync(new Regex("/checkout/test/"));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync(item.Title);
        await page.Context.CloseAsync();
    }
}
