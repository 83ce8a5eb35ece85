using System.Net;
using System.Xml.Linq;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Studio;

/// <summary>
/// <c>/studio/{org}/settings/delete</c> (ADR 022) in both shapes and as a plain form (JavaScript off), and what a
/// deleted organization is to the site at once: gone from its space, discover and the sitemap, its studio closed, while
/// its buyers keep their library and the item's page.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class DeleteOrganizationPageTests(SiteFixture fixture)
{
    private static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _anonymous = fixture.Client(Role.Site);

    private static string PagePath(Data.Organization org) => $"/studio/{org.Slug}/settings/delete";

    private async Task<DateTimeOffset?> DeletedAtAsync(Guid id)
    {
        await using var db = fixture.Db();
        return (await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id)).DeletedAt;
    }

    [Fact]
    public async Task Get_DeletePage_AsOwner_ExplainsWhatHappens_AndAsksForTheAddress()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);

        var response = await cast.Browser.GetAsync(PagePath(cast.Org));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.False(response.Headers.CacheControl?.Public ?? false);
        var page = await response.ParseAsync();
        Assert.Equal($"Delete {cast.Org.Name} | Studio | Codex", page.Title);
        Assert.NotNull(page.QuerySelector("meta[name=robots][content=noindex]"));
        Assert.Equal($"Delete {cast.Org.Name}", page.QuerySelector("h1")!.TextContent);
        var form = page.GetElementById(DomIds.DeleteOrganizationForm)!;
        Assert.Equal(("post", PagePath(cast.Org), PagePath(cast.Org)), (form.GetAttribute("method"), form.GetAttribute("action"), form.GetAttribute("hx-post")));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        var input = form.QuerySelector("input[name=Confirmation]")!;
        Assert.Equal("f-confirmation", input.Id);
        Assert.Contains(cast.Org.Slug, page.QuerySelector("label[for=f-confirmation]")!.TextContent);
        Assert.Contains("people who bought its content keep it", form.TextContent);
        Assert.Contains("stays reserved", form.TextContent);
        Assert.NotNull(page.QuerySelector(".studio-header"));
    }

    [Fact]
    public async Task Get_DeletePage_AsHtmx_IsTheFormAlone()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);

        var response = await cast.Browser.SendAsync(Html.Htmx(PagePath(cast.Org)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.DeleteOrganizationForm}\"", raw.TrimStart());
        Assert.DoesNotContain("<html", raw);
        Assert.NotNull(fragment.QuerySelector("input[name=Confirmation]"));
    }

    [Theory]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.OK)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task Get_DeletePage_ByCaller_AnswersByTheirRole(Who who, HttpStatusCode status)
    {
        var org = await _data.OrganizationAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, PagePath(org));
        request.Headers.Add("Cookie", (await _data.CookieAsync(org, who))!);

        Assert.Equal(status, (await _anonymous.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Get_DeletePage_Anonymous_GoesToSignIn()
    {
        var org = await _data.OrganizationAsync();

        var response = await _anonymous.GetAsync(PagePath(org));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/login?redirect={Uri.EscapeDataString(PagePath(org))}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Post_Delete_ByAnAdminOfTheOrganization_Is403_AndDeletesNothing()
    {
        var owner = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var page = await owner.Browser.PageAsync(PagePath(owner.Org));
        var admin = await _data.UserAsync();
        await _data.MembershipAsync(owner.Org, admin, MemberRole.Admin);
        var adminBrowser = await StudioCast.BrowserAsync(fixture, admin);
        // The admin posts a form (with a token of their own, from a page they may open).
        var adminPage = await adminBrowser.PageAsync($"/studio/{owner.Org.Slug}/content/new");
        var token = adminPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var request = new HttpRequestMessage(HttpMethod.Post, PagePath(owner.Org))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Confirmation"] = owner.Org.Slug, ["__RequestVerificationToken"] = token }),
        };

        var response = await adminBrowser.SendAsync(request);

        Assert.NotNull(page);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await DeletedAtAsync(owner.Org.Id));
    }

    [Theory]
    [InlineData(false, "")]
    [InlineData(false, "not-the-address")]
    [InlineData(true, "")]
    [InlineData(true, "not-the-address")]
    public async Task Post_Delete_WithoutTheRightAddress_Is422_KeepsWhatWasTyped_AndDeletesNothing(bool htmx, string typed)
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var page = await cast.Browser.PageAsync(PagePath(cast.Org));

        var response = await cast.Browser.SubmitAsync(page, $"#{DomIds.DeleteOrganizationForm}", new() { ["Confirmation"] = typed }, htmx);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var (raw, document) = await response.ParseFragmentAsync();
        Assert.Equal(htmx, raw.TrimStart().StartsWith("<form", StringComparison.Ordinal));
        var input = document.QuerySelector("input[name=Confirmation]")!;
        Assert.Equal(typed, input.GetAttribute("value") ?? "");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var error = document.GetElementById("f-confirmation-error")!.TextContent;
        Assert.Contains(typed.Length == 0 ? "Type the organization" : cast.Org.Slug, error);
        Assert.NotNull(document.GetElementById(DomIds.ErrorSummary));
        Assert.Null(await DeletedAtAsync(cast.Org.Id));
    }

    [Fact]
    public async Task Post_Delete_WithoutTheAntiforgeryToken_Is400()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var request = new HttpRequestMessage(HttpMethod.Post, PagePath(cast.Org))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Confirmation"] = cast.Org.Slug }),
        };

        var response = await cast.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await DeletedAtAsync(cast.Org.Id));
    }

    [Fact]
    public async Task Post_Delete_AsHtmx_RedirectsToTheStudio()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var page = await cast.Browser.PageAsync(PagePath(cast.Org));

        var response = await cast.Browser.SubmitAsync(page, $"#{DomIds.DeleteOrganizationForm}", new() { ["Confirmation"] = " " + cast.Org.Slug.ToUpperInvariant() + " " }, htmx: true);

        Assert.Equal("/studio", response.Headers.GetValues("HX-Redirect").Single());
        Assert.NotNull(await DeletedAtAsync(cast.Org.Id));
    }

    [Fact]
    public async Task Post_Delete_AsAPlainForm_LeavesTheSiteAtOnce_AndBuyersKeepTheirItem()
    {
        var cast = await StudioCast.ArrangeAsync(fixture, MemberRole.Owner);
        var word = "gone" + Guid.NewGuid().ToString("N")[..10];
        var (paid, _) = await _data.VideoAsync(cast.Org, cast.Creator, AccessType.Paid, title: $"Paid {word}");
        var free = await _data.ContentAsync(cast.Org, cast.Creator, $"Free {word}");
        var buyer = await _data.UserAsync("Buyer");
        await _data.PurchaseAsync(buyer, paid);
        var buyerBrowser = await StudioCast.BrowserAsync(fixture, buyer);
        var paidPath = $"/o/{cast.Org.Slug}/content/{paid.Slug}";
        var freePath = $"/o/{cast.Org.Slug}/content/{free.Slug}";
        // Everything seen once anonymously first, so the site's caches hold it.
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync($"/o/{cast.Org.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync(freePath)).StatusCode);
        Assert.Equal(2, await DiscoverCountAsync(word));
        Assert.Contains(freePath, await SitemapAsync());
        var page = await cast.Browser.PageAsync(PagePath(cast.Org));

        var response = await cast.Browser.SubmitAsync(page, $"#{DomIds.DeleteOrganizationForm}", new() { ["Confirmation"] = cast.Org.Slug });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/studio", response.Headers.Location!.ToString());
        var studio = await cast.Browser.FollowAsync(response);
        Assert.Contains($"{cast.Org.Name} is deleted", studio.GetElementById(DomIds.Flash)!.TextContent);
        Assert.DoesNotContain(cast.Org.Name, studio.QuerySelector("main")!.TextContent.Replace(studio.GetElementById(DomIds.Flash)!.TextContent, ""));
        Assert.NotNull(await DeletedAtAsync(cast.Org.Id));

        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.GetAsync($"/o/{cast.Org.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.GetAsync(freePath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.GetAsync(paidPath)).StatusCode);
        Assert.Equal(0, await DiscoverCountAsync(word));
        var sitemap = await SitemapAsync();
        Assert.DoesNotContain(freePath, sitemap);
        Assert.DoesNotContain($"/o/{cast.Org.Slug}<", sitemap + "<");
        Assert.Equal(HttpStatusCode.Forbidden, (await cast.Browser.GetAsync(cast.Studio)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cast.Browser.GetAsync(PagePath(cast.Org))).StatusCode);
        var admin = await StudioCast.BrowserAsync(fixture, await _data.UserAsync(role: UserRole.Admin));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(cast.Studio)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(PagePath(cast.Org))).StatusCode);

        // The buyer: the library card still leads to the item, which still plays.
        var library = await buyerBrowser.PageAsync("/library");
        Assert.NotNull(library.QuerySelector($"a.card-link[href='{paidPath}']"));
        Assert.Null(library.QuerySelector($"a.card-link[href='{freePath}']"));
        var bought = await buyerBrowser.PageAsync(paidPath);
        Assert.Equal($"Paid {word}", bought.QuerySelector("h1")!.TextContent);
        Assert.NotNull(bought.QuerySelector($"#{DomIds.Player} video[src]"));
        Assert.Null(bought.QuerySelector($"a[href='/o/{cast.Org.Slug}']"));
        Assert.Contains(cast.Org.Name, bought.QuerySelector(".breadcrumbs")!.TextContent);
        Assert.Null(bought.QuerySelector("link[href*='theme.css']"));
    }

    private async Task<int> DiscoverCountAsync(string word)
    {
        var page = await (await _anonymous.GetAsync($"/discover?q={word}")).ParseAsync();
        return page.QuerySelectorAll($"#{DomIds.DiscoverResults} .card").Length;
    }

    private async Task<string> SitemapAsync()
    {
        var all = new System.Text.StringBuilder();
        var index = XDocument.Parse(await _anonymous.GetStringAsync("/sitemap.xml"));
        foreach (var file in index.Root!.Elements(Ns + "sitemap").Select(s => s.Element(Ns + "loc")!.Value))
            all.Append(await _anonymous.GetStringAsync(new Uri(file).PathAndQuery));
        return all.ToString();
    }
}
