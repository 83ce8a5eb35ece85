using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>Sign in → buy → the test checkout → success page → play, in Chromium, with JavaScript on and off.</summary>
[Collection(SiteCollection.Name)]
public sealed class PurchaseBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignIn_Buy_Pay_Success_Play(bool javaScript)
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var item = await data.ContentAsync(org, await data.UserAsync(), "Browser buy " + (javaScript ? "js" : "nojs"), ContentType.Video, AccessType.Paid, body: null);
        var buyer = await data.UserAsync("Browser Buyer");
        var path = $"/o/{org.Slug}/content/{item.Slug}";
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await data.SessionCookieAsync(buyer)).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);

        await page.GotoAsync(Url(path));
        await page.ClickAsync($"#{DomIds.BuyForm} button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/checkout/test/cs_test_"));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("TEST MODE");
        await page.ClickAsync("form[action$='/pay'] button");
        await page.WaitForURLAsync(new Regex(@"/checkout/success\?session_id="));
        await Assertions.Expect(page.Locator($"#{DomIds.CheckoutStatus} h1")).ToHaveTextAsync("Thank you!");
        await page.ClickAsync($"#{DomIds.CheckoutStatus} a.button");
        await page.WaitForURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(item.Title);
        await page.Context.CloseAsync();
    }
}
