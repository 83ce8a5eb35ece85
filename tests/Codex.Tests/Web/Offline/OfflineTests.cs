using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Features.Offline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace Codex.Tests.Web.Offline;

/// <summary>
/// Issue 16, offline (ADR 038): the service worker the site serves, the offline page it falls back to, which pages carry
/// the mark that lets the worker keep them (only bodies the reader may read), and sign-out clearing the browser's cache.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class OfflineTests(SiteFixture fixture)
{
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly TestData _data = new(fixture);

    private async Task<SiteBrowser> SignedInAsync(Data.User user)
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", (await _data.SessionCookieAsync(user)).Split('=', 2)[1]);
        return browser;
    }

    private static string? Mark(HttpResponseMessage response) =>
        response.Headers.TryGetValues(OfflineCopy.Header, out var values) ? string.Join(",", values) : null;

    /// <summary>
    /// Per-user HTML stays out of shared caches as before: <c>private</c>, or <c>no-store</c> where the page renders an
    /// antiforgery token (the signed-in header's sign-out form). The worker keeps pages in the browser's own storage.
    /// </summary>
    private static void AssertNeverShared(HttpResponseMessage response)
    {
        var cache = response.Headers.CacheControl!;
        Assert.False(cache.Public, $"{response.RequestMessage!.RequestUri}: {cache}");
        Assert.True(cache.Private || cache.NoStore, $"{response.RequestMessage!.RequestUri}: {cache}");
    }

    private static string PathOf(Data.Organization org, Data.ContentItem item) => SiteRoutes.ContentPath(org.Slug, item.Slug);

    [Fact]
    public async Task ServiceWorker_IsScriptAtTheRoot_RevalidatedOnEveryUpdateCheck_UnderTheSitesPolicy()
    {
        var response = await _site.GetAsync(OfflineController.WorkerPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoCache, "an update check must reach the site");
        Assert.False(response.Headers.CacheControl.Public);
        // Registered from the site's own origin: the policy's script-src 'self' (worker-src falls back to it) allows it,
        // and the worker's own fetches stay on connect-src 'self'.
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.DoesNotContain("worker-src", policy);
        Assert.False(response.Headers.Contains("Service-Worker-Allowed"), "served at the root: its scope is the site without it");

        // Unchanged: a 304 on the next check.
        var again = new HttpRequestMessage(HttpMethod.Get, OfflineController.WorkerPath);
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await _site.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task ServiceWorker_KeepsExactlyTheVersionedFilesTheLayoutLoads_AndTheOfflinePage()
    {
        var worker = await _site.GetStringAsync(OfflineController.WorkerPath);
        var home = await (await _site.GetAsync("/")).ParseAsync();

        var files = home.QuerySelectorAll("link[rel=stylesheet][href^='/css/'], script[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")).ToList();
        Assert.Equal(3, files.Count); // site.css, htmx, site.js
        Assert.All(files, file => Assert.Contains("?v=", file));
        Assert.All(files, file => Assert.Contains($"\"{file}\"", worker));
        Assert.Contains("\"/favicon.ico\"", worker);
        Assert.Contains($"\"{OfflineController.PagePath}\"", worker);
        Assert.Contains($"'{OfflineCopy.Header}'", worker);
        Assert.DoesNotContain("__", worker.Replace("__RequestVerificationToken", ""));
    }

    /// <summary>A deploy that changes one static file serves a worker with a new version, hence a new cache (and the old one dropped).</summary>
    [Fact]
    public async Task ServiceWorker_Version_ChangesWhenAStaticFileChanges()
    {
        var root = Directory.CreateTempSubdirectory("codex-sw-").FullName;
        try
        {
            foreach (var file in ServiceWorkerScript.ShellFiles)
            {
                var path = Path.Combine(root, "wwwroot", file.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, "/* " + file + " */");
            }
            var first = await RenderAsync(root);
            Assert.Equal(first.Version, (await RenderAsync(root)).Version);

            await File.AppendAllTextAsync(Path.Combine(root, "wwwroot", "css", "site.css"), "\nbody { color: red }");
            var second = await RenderAsync(root);

            Assert.NotEqual(first.Version, second.Version);
            Assert.Contains($"'codex-static-{second.Version}'", second.Text);
            Assert.DoesNotContain(first.Version, second.Text);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        static async Task<ServiceWorkerScript.Rendered> RenderAsync(string root)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, WebRootPath = Path.Combine(root, "wwwroot") });
            builder.Services.AddControllersWithViews();
            await using var app = builder.Build();
            return ServiceWorkerScript.Render(app.Services.GetRequiredService<IFileVersionProvider>(), default);
        }
    }

    [Fact]
    public async Task OfflinePage_IsAnOrdinaryNoIndexPage_LinkingToTheLibraryAndHome_InBothShapes()
    {
        var response = await _site.GetAsync(OfflineController.PagePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public, "the same for everyone (the worker fetches it without cookies)");
        var page = await response.ParseAsync();
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
        Assert.Equal("You are offline", page.QuerySelector("main h1")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector($"#offline a[href='{SiteRoutes.Library}']"));
        Assert.NotNull(page.QuerySelector($"#offline a[href='{SiteRoutes.Home}']"));

        var request = new HttpRequestMessage(HttpMethod.Get, OfflineController.PagePath);
        request.Headers.Add("HX-Request", "true");
        var fragment = await (await _site.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", fragment);
        Assert.Contains("id=\"offline\"", fragment);
    }

    [Fact]
    public async Task FreeArticle_MayBeKept_ForTheVisitor_AndForEachSignedInReaderUnderTheirOwnName()
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Free to keep");

        var anonymous = await _site.GetAsync(PathOf(org, item));
        Assert.Equal(OfflineCopy.Anonymous, Mark(anonymous));
        Assert.True(anonymous.Headers.CacheControl!.Public, "the anonymous page stays publicly cacheable (ADR 027)");

        var reader = await _data.UserAsync("Reader");
        var signedIn = await (await SignedInAsync(reader)).GetAsync(PathOf(org, item));
        Assert.Equal(OfflineCopy.Reader(reader.Id), Mark(signedIn));
        AssertNeverShared(signedIn);
        Assert.DoesNotContain(reader.Id.ToString(), Mark(signedIn));
        Assert.NotEqual(OfflineCopy.Reader(Guid.NewGuid()), Mark(signedIn));
    }

    [Fact]
    public async Task PaidArticle_MayBeKept_ByItsBuyer_NeverForSomeoneWithoutAccess_OrWhoLostIt()
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Paid to read", access: AccessType.Paid, body: "The paid body.");
        var buyer = await _data.UserAsync("Buyer");
        await _data.PurchaseAsync(buyer, item);
        var refunded = await _data.UserAsync("Refunded");
        await _data.PurchaseAsync(refunded, item, PurchaseStatus.Refunded);

        var bought = await (await SignedInAsync(buyer)).GetAsync(PathOf(org, item));
        Assert.Contains("The paid body.", await bought.Content.ReadAsStringAsync());
        Assert.Equal(OfflineCopy.Reader(buyer.Id), Mark(bought));
        AssertNeverShared(bought);

        foreach (var response in new[]
                 {
                     await (await SignedInAsync(refunded)).GetAsync(PathOf(org, item)),
                     await (await SignedInAsync(await _data.UserAsync("Never bought"))).GetAsync(PathOf(org, item)),
                     await _site.GetAsync(PathOf(org, item)),
                 })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("The paid body.", await response.Content.ReadAsStringAsync());
            Assert.Null(Mark(response));
        }
    }

    [Fact]
    public async Task MembersArticle_MayBeKept_ByAMember_NotByOthers_AndVideoPagesAreNeverKept()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync();
        var article = await _data.ContentAsync(org, creator, "For members", access: AccessType.Members);
        var video = await _data.ContentAsync(org, creator, "A free video", ContentType.Video, body: null);
        var member = await _data.UserAsync("Member");
        await _data.MembershipAsync(org, member, MemberRole.Member);

        Assert.Equal(OfflineCopy.Reader(member.Id), Mark(await (await SignedInAsync(member)).GetAsync(PathOf(org, article))));
        Assert.Null(Mark(await (await SignedInAsync(await _data.UserAsync("Outsider"))).GetAsync(PathOf(org, article))));
        Assert.Null(Mark(await (await SignedInAsync(member)).GetAsync(PathOf(org, video))));
    }

    [Fact]
    public async Task Library_MayBeKept_AsAWholePage_NotAsAFragment()
    {
        var reader = await _data.UserAsync("Library reader");
        var browser = await SignedInAsync(reader);

        var page = await browser.GetAsync(SiteRoutes.Library);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(OfflineCopy.Reader(reader.Id), Mark(page));
        AssertNeverShared(page);

        var request = new HttpRequestMessage(HttpMethod.Get, SiteRoutes.Library + "?filter=completed");
        request.Headers.Add("HX-Request", "true");
        Assert.Null(Mark(await browser.SendAsync(request)));
        Assert.Null(Mark(await _site.GetAsync(SiteRoutes.Library))); // a visitor is sent to sign in
    }

    [Fact]
    public async Task SignOut_TellsTheBrowserToClearItsCache()
    {
        var browser = await SignedInAsync(await _data.UserAsync("Leaving"));
        var response = await browser.SubmitAsync(await browser.PageAsync("/logout"), "form[action='/logout']", new());

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("\"cache\"", string.Join(",", response.Headers.GetValues("Clear-Site-Data")));
    }
}
