using System.Net;
using System.Xml.Linq;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Studio;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Organizations;

/// <summary>
/// Issue 15, item 13: the directory of organizations (<c>/organizations</c>: searchable, paged, in the sitemap, in the
/// site's navigation, publicly cached for anonymous visitors and dropped when an organization changes), and each
/// organization's space showing its about text, logo, member count and a way to join.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class DirectoryPagesTests(SiteFixture fixture)
{
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly TestData _data = new(fixture);

    private static string Token() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>An organization named <paramref name="name"/> with <paramref name="members"/> active members (the first its owner).</summary>
    private async Task<Data.Organization> OrganizationAsync(string name, int members = 1, string? description = null, string? logoUrl = null,
        bool suspended = false, bool deleted = false)
    {
        var org = await _data.OrganizationAsync();
        for (var i = 0; i < members; i++) await _data.MembershipAsync(org, await _data.UserAsync(), i == 0 ? MemberRole.Owner : MemberRole.Member);
        await using var db = fixture.Db();
        var now = DateTimeOffset.UtcNow;
        await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Name, name).SetProperty(o => o.Description, description).SetProperty(o => o.LogoUrl, logoUrl)
            .SetProperty(o => o.SuspendedAt, suspended ? now : null).SetProperty(o => o.DeletedAt, deleted ? now : null));
        org.Name = name;
        return org;
    }

    [Fact]
    public async Task Directory_ListsOrganizations_WithLogoNameAboutAndMemberCount_LinkingToTheirSpace()
    {
        var token = Token();
        var withLogo = await OrganizationAsync($"Aurora {token}", members: 3, description: "We film the northern sky.", logoUrl: "/logos/aurora.png");
        var plain = await OrganizationAsync($"Borealis {token}", members: 1);

        var response = await _site.GetAsync($"/organizations?q={token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Contains("HX-Request", response.Headers.Vary);
        var page = await response.ParseAsync();
        Assert.Equal("Organizations", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("2 organizations for \u201c" + token + "\u201d", page.QuerySelector($"#{DomIds.DirectoryResults} h2")!.TextContent);
        var entries = page.QuerySelectorAll($"#{DomIds.DirectoryResults} li.org-entry");
        Assert.Equal([withLogo.Name, plain.Name], entries.Select(e => e.QuerySelector("h3 a")!.TextContent));
        Assert.Equal($"/o/{withLogo.Slug}", entries[0].QuerySelector("h3 a")!.GetAttribute("href"));
        var logo = entries[0].QuerySelector("img")!;
        Assert.Equal(("/logos/aurora.png", "", "56", "56"), (logo.GetAttribute("src"), logo.GetAttribute("alt"), logo.GetAttribute("width"), logo.GetAttribute("height")));
        Assert.Equal("We film the northern sky.", entries[0].QuerySelector(".org-entry-about")!.TextContent);
        Assert.Equal("3 members", entries[0].QuerySelector(".org-entry-members")!.TextContent);
        Assert.Null(entries[1].QuerySelector("img"));
        Assert.Equal("B", entries[1].QuerySelector(".org-entry-initial[aria-hidden=true]")!.TextContent);
        Assert.Equal("1 member", entries[1].QuerySelector(".org-entry-members")!.TextContent);
        // Searches are not for crawlers; the search box keeps what was typed.
        Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")?.GetAttribute("content")?.Split(',')[0].Trim());
        Assert.Equal(token, page.GetElementById(DomIds.DirectorySearch)!.GetAttribute("value"));
    }

    [Fact]
    public async Task Directory_SearchForm_IsAPlainGetForm_ThatHtmxEnhances()
    {
        var page = await (await _site.GetAsync("/organizations")).ParseAsync();

        var form = page.GetElementById(DomIds.DirectoryForm)!;
        Assert.Equal(("/organizations", "get"), (form.GetAttribute("action"), form.GetAttribute("method")));
        Assert.Equal("#" + DomIds.DirectoryResults, form.GetAttribute("hx-target"));
        Assert.Equal("q", page.GetElementById(DomIds.DirectorySearch)!.GetAttribute("name"));
        Assert.NotNull(page.QuerySelector($"label[for={DomIds.DirectorySearch}]"));
        // The demo organizations are there; the unfiltered directory is for crawlers.
        Assert.NotNull(page.QuerySelector($"#{DomIds.DirectoryResults} a[href='/o/northwind-studio']"));
        Assert.Null(page.QuerySelector("meta[name=robots]"));
    }

    [Fact]
    public async Task Directory_AsHtmx_ReturnsTheResultsRegionOnly()
    {
        var token = Token();
        await OrganizationAsync($"Fragment {token}");

        var (raw, doc) = await (await _site.SendAsync(Html.Htmx($"/organizations?q={token}"))).ParseFragmentAsync();

        Assert.StartsWith($"<section id=\"{DomIds.DirectoryResults}\"", raw.TrimStart());
        Assert.DoesNotContain("site-header", raw);
        Assert.Single(doc.QuerySelectorAll("li.org-entry"));
    }

    [Fact]
    public async Task Directory_LeavesOutSuspendedAndDeletedOrganizations()
    {
        var token = Token();
        var listed = await OrganizationAsync($"Listed {token}");
        await OrganizationAsync($"Suspended {token}", suspended: true);
        await OrganizationAsync($"Deleted {token}", deleted: true);

        var page = await (await _site.GetAsync($"/organizations?q={token}")).ParseAsync();

        Assert.Equal([listed.Name], page.QuerySelectorAll("li.org-entry h3").Select(h => h.TextContent));
    }

    [Fact]
    public async Task Directory_Pages_WithRealLinks_ThatHtmxSwapsInPlace()
    {
        var token = Token();
        // One more than a page holds.
        for (var i = 0; i <= Codex.Web.Features.Organizations.Directory.DirectoryController.PageSize; i++)
            await OrganizationAsync($"Paged {i:D2} {token}", members: 0);

        var first = await (await _site.GetAsync($"/organizations?q={token}")).ParseAsync();
        var next = first.QuerySelector($"#{DomIds.DirectoryResults} nav.pagination a[rel=next]")!;
        Assert.Equal($"/organizations?q={token}&page=2", next.GetAttribute("href"));
        Assert.Equal("#" + DomIds.DirectoryResults, next.GetAttribute("hx-target"));
        Assert.Equal(Codex.Web.Features.Organizations.Directory.DirectoryController.PageSize, first.QuerySelectorAll("li.org-entry").Length);

        var second = await (await _site.GetAsync(next.GetAttribute("href")!)).ParseAsync();
        Assert.Equal([$"Paged {Codex.Web.Features.Organizations.Directory.DirectoryController.PageSize:D2} {token}"],
            second.QuerySelectorAll("li.org-entry h3").Select(h => h.TextContent));
        Assert.Equal("0 members", second.QuerySelector(".org-entry-members")!.TextContent);
        Assert.Equal("2", second.QuerySelector("nav.pagination [aria-current=page]")!.TextContent);

        var beyond = await (await _site.GetAsync($"/organizations?q={token}&page=9")).ParseAsync();
        Assert.Contains("There is no page 9", beyond.QuerySelector(".empty-state")!.TextContent);
        Assert.NotNull(beyond.QuerySelector($".empty-state a[href='/organizations?q={token}']"));
    }

    [Fact]
    public async Task Directory_WithNoMatch_SaysSo_AndLinksBackToEveryOrganization()
    {
        var token = Token();

        var response = await _site.GetAsync($"/organizations?q={token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var empty = (await response.ParseAsync()).QuerySelector($"#{DomIds.DirectoryResults} .empty-state")!;
        Assert.Contains($"No organizations match \u201c{token}\u201d", empty.TextContent);
        Assert.NotNull(empty.QuerySelector("a[href='/organizations']"));
    }

    [Theory]
    [InlineData("q=a", "Type at least 2 characters")]
    [InlineData("page=0", "Choose a page")]
    [InlineData("page=abc", "Choose a page")]
    public async Task Directory_WithAnInvalidQuery_Is400_WithTheMessage_KeepingWhatWasTyped(string query, string message)
    {
        var response = await _site.GetAsync("/organizations?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains(message, page.GetElementById(DomIds.DirectoryResults)!.TextContent);
        if (query == "q=a")
        {
            Assert.Equal("a", page.GetElementById(DomIds.DirectorySearch)!.GetAttribute("value"));
            Assert.Equal("true", page.GetElementById(DomIds.DirectorySearch)!.GetAttribute("aria-invalid"));
        }
    }

    [Fact]
    public async Task Directory_IsLinkedFromTheSiteNavigation()
    {
        var page = await (await _site.GetAsync("/")).ParseAsync();

        Assert.NotNull(page.QuerySelector("nav.site-nav a[href='/organizations']"));
    }

    [Fact]
    public async Task Directory_IsInTheSitemap()
    {
        var index = XDocument.Parse(await _site.GetStringAsync("/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var firstFile = new Uri(index.Descendants(ns + "loc").First().Value).PathAndQuery;
        var first = XDocument.Parse(await _site.GetStringAsync(firstFile));

        Assert.Contains(fixture.System.SiteUrl.ToString().TrimEnd('/') + "/organizations", first.Descendants(ns + "loc").Select(l => l.Value));
    }

    [Fact]
    public async Task Directory_AndSpace_ShowANewMember_AtOnce_ThoughAnonymousPagesAreCached()
    {
        var token = Token();
        var org = await OrganizationAsync($"Growing {token}", members: 1);
        var anonymous = fixture.Client(Role.Site);
        async Task<(string Directory, string Space)> CountsAsync() => (
            (await (await anonymous.GetAsync($"/organizations?q={token}")).ParseAsync()).QuerySelector(".org-entry-members")!.TextContent,
            (await (await anonymous.GetAsync($"/o/{org.Slug}")).ParseAsync()).QuerySelector(".org-members")!.TextContent);
        Assert.Equal(("1 member", "1 member"), await CountsAsync());
        Assert.Equal(("1 member", "1 member"), await CountsAsync()); // now from the output cache

        var visitor = await StudioCast.BrowserAsync(fixture, await _data.UserAsync("Joiner"));
        var space = await visitor.PageAsync($"/o/{org.Slug}");
        Assert.Equal(HttpStatusCode.SeeOther, (await visitor.SubmitAsync(space, $"#{DomIds.JoinForm}", new())).StatusCode);

        // The worker told the site (the organization's tag): both pages show the count at once, not after the cache expires.
        Assert.Equal(("2 members", "2 members"), await CountsAsync());
    }

    [Fact]
    public async Task Space_ShowsItsAboutTextLogoAndMemberCount()
    {
        var org = await OrganizationAsync("About " + Token(), members: 2, description: "Field recordings from the coast.", logoUrl: "/logos/about.png");

        var page = await (await _site.GetAsync($"/o/{org.Slug}")).ParseAsync();

        var header = page.QuerySelector(".org-header")!;
        Assert.Equal("Field recordings from the coast.", header.QuerySelector(".org-description")!.TextContent);
        Assert.Equal("/logos/about.png", header.QuerySelector("img.org-logo")!.GetAttribute("src"));
        Assert.Equal("2 members", header.QuerySelector(".org-members")!.TextContent);
        Assert.NotNull(header.QuerySelector("a[href='/organizations']"));
    }

    [Fact]
    public async Task Space_ForAMember_ShowsTheirMembership_InsteadOfAJoinButton()
    {
        var org = await OrganizationAsync("Members " + Token(), members: 1);
        var member = await _data.UserAsync("Already In");
        await _data.MembershipAsync(org, member, MemberRole.Member);
        var browser = await StudioCast.BrowserAsync(fixture, member);

        var page = await browser.PageAsync($"/o/{org.Slug}");

        var panel = page.GetElementById(DomIds.JoinPanel)!;
        Assert.Contains("You are a member", panel.TextContent);
        Assert.Null(page.GetElementById(DomIds.JoinForm));
        Assert.Equal("2 members", page.QuerySelector(".org-members")!.TextContent);
    }
}
