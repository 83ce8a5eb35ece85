using System.Text.RegularExpressions;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Account;
using Codex.Web.Infrastructure;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// A person owns their account in Chromium, with JavaScript on (htmx form swaps) and off (plain posts): fill the public
/// profile, upload a picture, see the public page, then delete the account and land signed out on the home page.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AccountAreaBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Profile_Picture_PublicPage_ThenDeletion(bool javaScript)
    {
        var (_, signedIn) = await new AccountPeople(site).SignedInAsync("Browser Owner");
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = signedIn.CookieValue("codex-session")!, Url = site.System.SiteUrl.ToString(),
        }]);
        var handle = AccountPeople.Handle("b");

        // The profile, with one mistake first: the error shows inline and what was typed stays.
        await page.GotoAsync(Url("/account/profile"));
        await page.FillAsync("#f-name", "Browser Owner");
        await page.FillAsync("#f-username", "Not OK");
        await page.FillAsync("#f-bio", "I make things in a browser.");
        await page.ClickAsync($"#{DomIds.ProfileDetailsForm} button[type=submit]");
        await Assertions.Expect(page.Locator("#f-username-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#f-bio")).ToHaveValueAsync("I make things in a browser.");
        await page.FillAsync("#f-username", handle);
        await page.FillAsync("#f-websiteurl", "https://owner.example/");
        await page.ClickAsync($"#{DomIds.ProfileDetailsForm} button[type=submit]");
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync($"/u/{handle}");

        // A picture, by content: shown at once.
        await page.SetInputFilesAsync("#f-avatar", Path.Combine(AppContext.BaseDirectory, "Fixtures", "logos", "logo.png"));
        await page.ClickAsync($"#{DomIds.AvatarForm} button[type=submit]");
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("picture is uploaded");
        await Assertions.Expect(page.Locator(".avatar-panel img")).ToHaveAttributeAsync("src", new Regex("^/avatars/"));

        // The public page.
        await page.GotoAsync(Url($"/u/{handle}"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Browser Owner");
        await Assertions.Expect(page.Locator(".person-header img")).ToHaveAttributeAsync("alt", "Browser Owner");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('.person-header img').naturalWidth > 0"));

        if (Environment.GetEnvironmentVariable("CODEX_SCREENSHOTS") is { Length: > 0 } shots)
            await ScreenshotsAsync(page, shots, handle, javaScript);

        // Deletion: a wrong word first, then the real thing.
        await page.GotoAsync(Url("/account/delete"));
        await page.FillAsync("#f-confirmation", "delete");
        await page.FillAsync("#f-password", AccountPeople.Password);
        await page.ClickAsync($"#{DomIds.DeleteAccountForm} button[type=submit]");
        await Assertions.Expect(page.Locator("#f-confirmation-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#f-confirmation")).ToHaveValueAsync("delete");
        await page.FillAsync("#f-confirmation", "DELETE");
        await page.FillAsync("#f-password", AccountPeople.Password);
        await page.ClickAsync($"#{DomIds.DeleteAccountForm} button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/$"));
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("goodbye");
        await Assertions.Expect(page.Locator("header a[href='/login']")).ToBeVisibleAsync();
        var gone = await page.GotoAsync(Url($"/u/{handle}"));
        Assert.Equal(404, gone!.Status);
        await page.Context.CloseAsync();
    }

    /// <summary>The account pages and the public page at desktop and phone widths (set CODEX_SCREENSHOTS to a folder).</summary>
    private async Task ScreenshotsAsync(IPage page, string folder, string handle, bool javaScript)
    {
        Directory.CreateDirectory(folder);
        var js = javaScript ? "js" : "nojs";
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var (name, path) in new[] { ("profile", "/account/profile"), ("email", "/account/email"), ("sessions", "/account/sessions"),
                ("export", "/account/export"), ("delete", "/account/delete"), ("overview", "/account"), ("person", $"/u/{handle}") })
            {
                await page.GotoAsync(Url(path));
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"account-{name}-{width}-{js}.png"), FullPage = true });
            }
        }
    }
}
