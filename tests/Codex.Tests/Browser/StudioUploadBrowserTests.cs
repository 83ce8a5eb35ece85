using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Codex.Tests.Browser;

/// <summary>A creator uploads in Chromium: with JavaScript the progress bar moves and the list updates in place; without, the plain form.</summary>
[Collection(SiteCollection.Name)]
public sealed class StudioUploadBrowserTests(SiteFixture site, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(site.System.SiteUrl, path).ToString();

    private async Task<(IPage Page, Data.Organization Org)> CreatorAsync(bool javaScript)
    {
        var data = new TestData(site);
        var org = await data.OrganizationAsync();
        var user = await data.UserAsync("Creator");
        await data.MembershipAsync(org, user, MemberRole.Creator);
        var page = await browser.NewPageAsync(javaScript);
        await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie
        {
            Name = SessionCookie.Name, Value = (await data.SessionCookieAsync(user)).Split('=', 2)[1], Url = Url("/"), HttpOnly = true,
        }]);
        return (page, org);
    }

    [Fact]
    public async Task WithJavaScript_TheProgressBarMoves_AndTheFileAppearsWithoutLeavingThePage()
    {
        var (page, org) = await CreatorAsync(javaScript: true);
        // A real clip's first bytes and enough after them for the upload to take a while on loopback.
        var file = Path.Combine(Path.GetTempPath(), $"codex-upload-{Guid.NewGuid():N}.mp4");
        await using (var output = File.Create(file))
        {
            await output.WriteAsync(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "media", "clip.mp4")));
            var filler = new byte[1024 * 1024];
            for (var i = 0; i < 120; i++) await output.WriteAsync(filler);
        }
        try
        {
            await page.GotoAsync(Url($"/studio/{org.Slug}/media"));
            // Every value the bar takes, as the page shows it.
            await page.EvaluateAsync(@"() => { window.seen = []; const bar = document.querySelector('.upload-progress progress');
                new MutationObserver(() => window.seen.push(bar.value)).observe(bar, { attributes: true, attributeFilter: ['value'] });
                const set = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, 'value').set;
                Object.defineProperty(bar, 'value', { set(v) { window.seen.push(v); set.call(bar, v); }, get() { return bar.getAttribute('value') * 1; } }); }");
            await page.FillAsync("#upload-title", "Long clip");
            await page.SetInputFilesAsync("#upload-file", file);
            var navigations = 0;
            page.FrameNavigated += (_, _) => navigations++;

            await page.ClickAsync("#upload-form button[type=submit]");
            await page.WaitForSelectorAsync("#media-list tbody tr:has-text('Long clip')", new() { Timeout = 60_000 });

            var seen = await page.EvaluateAsync<double[]>("() => window.seen");
            Assert.Contains(seen, v => v is > 0 and < 100);
            Assert.Equal(0, navigations); // swapped in place
            Assert.True(await page.Locator(".upload-progress").IsHiddenAsync());
            Assert.Equal("", await page.InputValueAsync("#upload-title")); // the form is ready for the next file
            await using var db = site.Db();
            Assert.Equal(new FileInfo(file).Length, (await db.Media.SingleAsync(m => m.OrganizationId == org.Id)).SizeBytes);
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task WithJavaScript_AFileThatIsNotMedia_SaysSo_OnThePage()
    {
        var (page, org) = await CreatorAsync(javaScript: true);
        var file = Path.Combine(Path.GetTempPath(), $"codex-notes-{Guid.NewGuid():N}.mp4");
        await File.WriteAllTextAsync(file, "these are my notes, not a video");
        try
        {
            await page.GotoAsync(Url($"/studio/{org.Slug}/media"));
            await page.SetInputFilesAsync("#upload-file", file);
            await page.ClickAsync("#upload-form button[type=submit]");

            await page.WaitForSelectorAsync("#upload-problem:not([hidden])");
            Assert.False(string.IsNullOrWhiteSpace(await page.InnerTextAsync("#upload-problem")));
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task WithoutJavaScript_ThePlainFormUploads_AndTheLibraryListsTheFile()
    {
        var (page, org) = await CreatorAsync(javaScript: false);
        try
        {
            await page.GotoAsync(Url($"/studio/{org.Slug}/media"));
            await page.FillAsync("#upload-title", "Plain upload");
            await page.SetInputFilesAsync("#upload-file", Path.Combine(AppContext.BaseDirectory, "Fixtures", "media", "clip.wav"));

            var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#upload-form button[type=submit]"),
                r => r.Url == Url($"/studio/{org.Slug}/media") && r.Request.Method == "GET",
                new() { Timeout = 60_000 }); // a whole-suite run on 2 cores once took longer than the default 15 s
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

            Assert.Equal(Url($"/studio/{org.Slug}/media"), page.Url);
            Assert.Contains("Uploaded “Plain upload”", await page.InnerTextAsync(".flash"));
            Assert.Contains("Plain upload", await page.InnerTextAsync("#media-list"));
            Assert.Equal((int)HttpStatusCode.OK, response.Status);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
