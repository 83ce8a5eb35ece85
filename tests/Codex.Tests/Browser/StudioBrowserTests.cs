using System.Text.RegularExpressions;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>
/// A creator writes an article in the studio and publishes it; a visitor then finds it on /discover. With
/// JavaScript (the slug follows the title and is checked as it changes, the preview swaps in place, posts go through
/// htmx) and without (plain posts; the server makes the slug and renders the preview on the page).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class StudioBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ACreatorWritesAndPublishes_AndAVisitorFindsItOnDiscover(bool javaScript)
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var creator = await data.UserAsync("Browser Creator");
        await data.MembershipAsync(org, creator, MemberRole.Creator);
        var word = "zq" + Guid.NewGuid().ToString("N")[..8];
        var title = $"Études on {word} ({(javaScript ? "js" : "plain")})";
        var slug = $"etudes-on-{word}-{(javaScript ? "js" : "plain")}";
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "codex-session", Value = (await data.SessionCookieAsync(creator)).Split('=', 2)[1], Url = Url("/"),
            HttpOnly = true, SameSite = SameSiteAttribute.Lax,
        }]);

        // From the header's Studio link to the organization's new-item form.
        await page.GotoAsync(Url("/library"));
        // The header offers the studio (followed by address: a click's navigation on a loaded CI machine once outran 15 s).
        Assert.Equal("/studio", await page.GetAttributeAsync("header a.nav-studio", "href"));
        var studio = await page.GotoAsync(Url("/studio"));
        Assert.True(studio!.Ok, $"/studio answered {studio.Status} at {page.Url}: {await page.InnerTextAsync("main")}");
        await page.ClickAsync($".studio-org a[href='/studio/{org.Slug}/content/new']");
        await page.WaitForURLAsync(new Regex("/content/new$"));

        // Sent empty first: the errors come back inline under a summary, which takes the focus with JavaScript.
        await page.ClickAsync("button:has-text('Create draft')");
        await Assertions.Expect(page.Locator("#f-title-error")).ToHaveTextAsync("Enter a title.");
        await Assertions.Expect(page.Locator($"#{DomIds.ErrorSummary} a[href='#f-title']")).ToBeVisibleAsync();
        if (javaScript) await Assertions.Expect(page.Locator($"#{DomIds.ErrorSummary}")).ToBeFocusedAsync();

        await page.FillAsync("#f-title", title);
        if (javaScript)
        {
            // The slug follows the title and its availability is checked.
            await Assertions.Expect(page.Locator("#f-slug")).ToHaveValueAsync(slug);
            await Assertions.Expect(page.Locator($"#{DomIds.SlugStatus}")).ToContainTextAsync("This address is free.");
        }
        await page.FillAsync("#f-description", "A browser-made article.");
        await page.FillAsync("#f-tags", "browser, studio");
        await page.FillAsync("#f-contentbody", "# Hello reader\n\nSome **bold** words.");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.ClickAsync("button:has-text('Preview text')");
        await Assertions.Expect(page.Locator($"#{DomIds.ContentPreview} .prose h1")).ToHaveTextAsync("Hello reader");
        await Assertions.Expect(page.Locator($"#{DomIds.ContentPreview} .prose strong")).ToHaveTextAsync("bold");
        // With JavaScript the preview came without a page load; without it, the page came back with everything typed.
        Assert.Equal(javaScript, await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        await Assertions.Expect(page.Locator("#f-title")).ToHaveValueAsync(title);
        await Assertions.Expect(page.Locator("#f-contentbody")).ToHaveValueAsync("# Hello reader\n\nSome **bold** words.");

        await page.ClickAsync("button:has-text('Create draft')");
        await page.WaitForURLAsync(new Regex(@"/content/[0-9a-f-]{36}/edit$"));
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("created");
        await Assertions.Expect(page.Locator($"#{DomIds.ContentStatus} .badge")).ToHaveTextAsync("Draft");
        await Assertions.Expect(page.Locator("#f-slug")).ToHaveValueAsync(slug);

        await page.ClickAsync($"#{DomIds.ContentStatus} button:has-text('Publish')");
        await Assertions.Expect(page.Locator($"#{DomIds.Flash}")).ToContainTextAsync("is published");
        await Assertions.Expect(page.Locator($"#{DomIds.ContentStatus} .badge")).ToHaveTextAsync("Published");
        if (javaScript && Environment.GetEnvironmentVariable("CODEX_SCREENSHOTS") is { Length: > 0 } shots)
            await ScreenshotsAsync(page, shots, $"/studio/{org.Slug}/content", page.Url);
        await page.Context.CloseAsync();

        // A visitor, signed out, finds it.
        var visitor = await browser.NewPageAsync(javaScript);
        await visitor.GotoAsync(Url("/discover?q=" + word));
        await visitor.ClickAsync($"#{DomIds.DiscoverResults} li.card a:has-text('{word}')");
        await visitor.WaitForURLAsync(new Regex($"/o/{org.Slug}/content/{slug}$"));
        await Assertions.Expect(visitor.Locator(".content-header h1")).ToHaveTextAsync(title);
        await Assertions.Expect(visitor.Locator(".prose strong")).ToHaveTextAsync("bold");
        await Assertions.Expect(visitor.Locator($"#{DomIds.DraftBanner}")).ToHaveCountAsync(0);
        await visitor.Context.CloseAsync();
    }

    /// <summary>Screenshots of the list and the edit page at desktop and phone widths (set CODEX_SCREENSHOTS to a folder).</summary>
    private async Task ScreenshotsAsync(IPage page, string folder, string listPath, string editUrl)
    {
        Directory.CreateDirectory(folder);
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync(Url(listPath));
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"studio-list-{width}.png"), FullPage = true });
            await page.GotoAsync(editUrl);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"studio-edit-{width}.png"), FullPage = true });
        }
    }
}
