using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Data;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Workers.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Codex.Tests.Web.Infrastructure.Auth;

/// <summary>
/// Issue 10, line 10: when the Auth worker or its database does not answer, a signed-in visitor is not signed out:
/// pages for signed-in users and pages that depend on who is looking answer 503 with a retry, public pages say that
/// sign-in could not be checked (and offer no "Sign in"), and progress saves still reach the Content-API, which
/// checks the session itself.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SessionUnknownTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    /// <summary>A second site on this fixture's workers, except Auth, which is at <paramref name="auth"/>.</summary>
    private async Task<CodexSystem> SiteWithAuthAtAsync(Uri auth)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Codex:DataPath"] = fixture.DataPath,
            [WorkerInfo.Of(Role.Auth).UrlVariable] = auth.ToString(),
        };
        foreach (var worker in WorkerInfo.All.Where(w => w.Role != Role.Auth))
            settings[worker.UrlVariable] = fixture.System.Urls[worker.Role].ToString();
        return await CodexSystem.StartAsync(new SystemOptions { Roles = [Role.Site], DynamicPorts = true, EnvironmentName = "Testing", Settings = settings });
    }

    private async Task<(SiteBrowser Browser, ContentItem Item, string Path)> SignedInAsync(CodexSystem site)
    {
        await using var db = fixture.Db();
        var item = await db.Content.Include(c => c.Organization)
            .Where(c => c.Organization!.Slug == "lumen-audio" && c.ContentType == ContentType.Audio && c.AccessType == AccessType.Free
                && c.Status == ContentStatus.Published)
            .OrderBy(c => c.Slug).FirstAsync();
        var user = await _data.UserAsync("Unknown Session");
        var browser = new SiteBrowser(site.SiteUrl);
        browser.SetCookie(SessionCookie.Name, (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return (browser, item, $"/o/{item.Organization!.Slug}/content/{item.Slug}");
    }

    private static async Task AssertDegradedAsync(HttpResponseMessage response, string retry)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await response.ParseAsync();
        Assert.Equal(retry, page.QuerySelector(".notice-unavailable a")!.GetAttribute("href"));
        Assert.DoesNotContain(page.QuerySelectorAll("a"), a => a.GetAttribute("href")?.StartsWith(SiteRoutes.Login, StringComparison.Ordinal) == true);
    }

    private async Task AssertNotSignedOutAsync(CodexSystem site)
    {
        var (browser, item, path) = await SignedInAsync(site);

        var library = await browser.GetAsync("/library?q=x");
        var libraryFragment = await browser.SendAsync(Html.Htmx("/library"));
        var content = await browser.GetAsync(path);
        var home = await browser.GetAsync("/");
        var save = new HttpRequestMessage(HttpMethod.Post, $"/progress/{item.Id}") { Content = JsonContent.Create(new { positionSeconds = 3, durationSeconds = 30 }) };
        save.Headers.Add("Sec-Fetch-Site", "same-origin");
        var saved = await browser.SendAsync(save);

        await AssertDegradedAsync(library, "/library?q=x");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, libraryFragment.StatusCode);
        var (raw, _) = await libraryFragment.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        Assert.Contains("notice-unavailable", raw);
        await AssertDegradedAsync(content, path);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var homePage = await home.ParseAsync();
        Assert.Contains("couldn't check your sign-in", homePage.QuerySelector(".flash-warning")!.TextContent);
        Assert.DoesNotContain(homePage.QuerySelectorAll("header a"), a => a.GetAttribute("href") == SiteRoutes.Login);
        // The Content-API checks the session against the database itself: the save is kept, not refused with a 401.
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        await using var db = fixture.Db();
        Assert.True(await db.PlaybackProgress.AnyAsync(p => p.ContentId == item.Id && p.PositionSeconds == 3));
    }

    [Fact]
    public async Task WhenTheAuthWorkerIsDown_SignedInPagesAnswer503_NotTheSignInPage()
    {
        await using var site = await SiteWithAuthAtAsync(ClosedPort.Url());
        await AssertNotSignedOutAsync(site);
    }

    [Fact]
    public async Task WhenTheAuthWorkersDatabaseIsDown_SignedInPagesAnswer503_NotTheSignInPage()
    {
        // A real Auth worker on its own SQLite file, which disappears once it runs: every lookup then fails to open
        // the database (CANTOPEN), and Auth answers 503.
        var folder = Path.Combine(fixture.DataPath, "auth-db-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "codex.db");
        var connectionString = $"Data Source={file};Mode=ReadWrite;Pooling=False";
        Directory.CreateDirectory(folder);
        await CodexDatabase.MigrateAsync($"Data Source={file};Pooling=False");
        await using var auth = WorkerApp.Create(Role.Auth,
            new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory },
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Codex"] = connectionString,
                    ["Codex:DataPath"] = folder,
                });
                builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            });
        await auth.StartAsync();
        Directory.Delete(folder, recursive: true);
        await using var site = await SiteWithAuthAtAsync(new Uri(auth.Urls.First()));

        await AssertNotSignedOutAsync(site);
    }
}
