using System.Net;
using System.Xml.Linq;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Admin;

/// <summary>
/// /admin/organizations through HTTP (ADR 028): who may open it, the list and an organization's page in both shapes,
/// suspend and lift through a confirmation with a required reason; and what the public, a buyer and the staff then see:
/// the space's notice, the catalogue and sitemap without it (at once, cached pages included), the buyer's page without
/// a buy button, the studio's banner.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AdminOrganizationsPagesTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<Data.Organization> OrganizationRowAsync(Guid id)
    {
        await using var db = fixture.Db();
        return await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    /// <summary>An organization with its owner, a published free article and a paid one bought by a buyer.</summary>
    private async Task<(Data.Organization Org, Data.User Owner, Data.User Buyer, Data.ContentItem Free, Data.ContentItem Paid, string Word)> CastAsync()
    {
        var word = "s" + Guid.NewGuid().ToString("N")[..10];
        var org = await _data.OrganizationAsync();
        var owner = await _data.UserAsync("Olga Owner");
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        var free = await _data.ContentAsync(org, owner, $"Free {word}");
        var paid = await _data.ContentAsync(org, owner, $"Paid {word}", access: AccessType.Paid);
        var buyer = await _data.UserAsync("Bruno Buyer");
        await _data.PurchaseAsync(buyer, paid);
        return (org, owner, buyer, free, paid, word);
    }

    private async Task SuspendThroughThePagesAsync(SiteBrowser admin, Guid organizationId, string reason = "Counterfeit goods")
    {
        var confirm = await admin.PageAsync($"/admin/organizations/{organizationId}/suspend");
        var response = await admin.SubmitAsync(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason(reason));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Found)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.Forbidden)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task EveryOrganizationsPage_ByVisitor(Who who, HttpStatusCode status)
    {
        var browser = await AdminPages.VisitorAsync(fixture, who);
        var org = await _data.OrganizationAsync();

        foreach (var url in new[] { "/admin/organizations", $"/admin/organizations/{org.Id}", $"/admin/organizations/{org.Id}/suspend" })
        {
            var response = await browser.GetAsync(url);
            Assert.True(status == response.StatusCode, $"{url}: {(int)response.StatusCode}");
            if (status == HttpStatusCode.Found) Assert.StartsWith("/login?redirect=", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task Index_FullPageAndFragment_ListWithCountsAndStatus()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var (org, _, _, _, _, _) = await CastAsync();

        var page = await browser.PageAsync($"/admin/organizations?q={org.Slug}&status=active");
        var fragment = await browser.SendAsync(Html.Htmx($"/admin/organizations?q={org.Slug}"));

        Assert.Equal("Organizations | Admin | Codex", page.Title);
        var form = page.GetElementById(DomIds.AdminOrganizationsSearch)!;
        Assert.Equal(("get", $"#{DomIds.AdminOrganizationsResults}"), (form.GetAttribute("method"), form.GetAttribute("hx-target")));
        Assert.Equal("active", page.QuerySelector("#f-orgs-status option[selected]")!.GetAttribute("value"));
        var row = page.QuerySelector($"tr[data-organization-id='{org.Id}']")!;
        Assert.Equal(("1", "2", "Active"), (row.QuerySelector("td[data-label=Members]")!.TextContent.Trim(),
            row.QuerySelector("td[data-label=Published]")!.TextContent.Trim(), row.QuerySelector("td[data-label=Status]")!.TextContent.Trim()));
        Assert.Equal($"/admin/organizations/{org.Id}", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.StartsWith($"<div id=\"{DomIds.AdminOrganizationsResults}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/admin/organizations?status=frozen")).StatusCode);
    }

    [Fact]
    public async Task Show_FullPageAndFragment_AndUnknownIs404()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var org = await _data.OrganizationAsync();

        var page = await browser.PageAsync($"/admin/organizations/{org.Id}");
        var fragment = await browser.SendAsync(Html.Htmx($"/admin/organizations/{org.Id}"));

        Assert.Equal(org.Name, page.QuerySelector("h1")!.TextContent.Trim());
        var suspend = page.QuerySelector($"#{DomIds.AdminOrganization} a[href='/admin/organizations/{org.Id}/suspend']")!;
        Assert.Equal($"#{DomIds.AdminAction}", suspend.GetAttribute("hx-target"));
        Assert.StartsWith($"<div id=\"{DomIds.AdminOrganization}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/organizations/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Suspend_Plain_Redirects_AndEverythingPublicChangesAtOnce_WhileTheBuyerAndTheStaffKeepTheirs()
    {
        var (_, admin) = await AdminPages.AdminAsync(fixture);
        var (org, owner, buyer, free, paid, word) = await CastAsync();
        var anonymous = new SiteBrowser(fixture.System.SiteUrl);
        // Warm the anonymous caches (data and whole pages): the suspension must drop them.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/o/{org.Slug}")).StatusCode);
        Assert.Contains(free.Title, await (await anonymous.GetAsync($"/discover?q={word}")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/o/{org.Slug}/content/{free.Slug}")).StatusCode);

        var confirm = await admin.PageAsync($"/admin/organizations/{org.Id}/suspend");
        Assert.Contains("2 published items leave", confirm.GetElementById(DomIds.AdminConfirm)!.TextContent);
        var response = await admin.SubmitAsync(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason("Counterfeit goods"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var after = await admin.FollowAsync(response);
        Assert.Contains("is suspended", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Contains("Counterfeit goods", after.GetElementById(DomIds.AdminOrganization)!.TextContent);
        Assert.NotNull((await OrganizationRowAsync(org.Id)).SuspendedAt);

        var space = await anonymous.GetAsync($"/o/{org.Slug}");
        Assert.Equal(HttpStatusCode.NotFound, space.StatusCode);
        var notice = await space.ParseAsync();
        Assert.Equal($"{org.Name} is suspended", notice.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(notice.QuerySelector("meta[name=robots][content=noindex]"));
        Assert.DoesNotContain(free.Title, await (await anonymous.GetAsync($"/discover?q={word}")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/o/{org.Slug}/content/{free.Slug}")).StatusCode);
        Assert.DoesNotContain($"/o/{org.Slug}", await SitemapTextAsync(anonymous));

        var bought = await (await AdminPages.BrowserAsync(fixture, buyer)).GetAsync($"/o/{org.Slug}/content/{paid.Slug}");
        Assert.Equal(HttpStatusCode.OK, bought.StatusCode);
        Assert.Null((await bought.ParseAsync()).QuerySelector($"#{DomIds.BuyForm}"));
        var studio = await (await AdminPages.BrowserAsync(fixture, owner)).GetAsync($"/studio/{org.Slug}/content");
        Assert.Equal(HttpStatusCode.OK, studio.StatusCode);
        var studioPage = await studio.ParseAsync();
        Assert.Contains("is suspended by Codex", studioPage.QuerySelector(".studio-suspended")!.TextContent);
        Assert.True(studioPage.Body!.TextContent.Contains(free.Title), studioPage.Body!.TextContent);
    }

    [Fact]
    public async Task Unsuspend_AsHtmx_ThroughTheConfirmFragment_RestoresTheSpace()
    {
        var (_, admin) = await AdminPages.AdminAsync(fixture);
        var (org, _, _, _, _, _) = await CastAsync();
        await SuspendThroughThePagesAsync(admin, org.Id);
        var anonymous = new SiteBrowser(fixture.System.SiteUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/o/{org.Slug}")).StatusCode);

        var fragment = await admin.SendAsync(Html.Htmx($"/admin/organizations/{org.Id}/unsuspend"));
        var (raw, document) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.AdminConfirm}\"", raw.TrimStart());
        var response = await admin.SendAsync(SiteBrowser.FormRequest(document, "form", AdminPages.Reason("Appeal upheld"), htmx: true));

        Assert.Equal($"/admin/organizations/{org.Id}", response.Headers.GetValues("HX-Redirect").Single());
        Assert.Null((await OrganizationRowAsync(org.Id)).SuspendedAt);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/o/{org.Slug}")).StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Suspend_WithoutAReason_Is422_InBothShapes(bool htmx)
    {
        var (_, admin) = await AdminPages.AdminAsync(fixture);
        var org = await _data.OrganizationAsync();
        var confirm = await admin.PageAsync($"/admin/organizations/{org.Id}/suspend");

        var response = await admin.SendAsync(SiteBrowser.FormRequest(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason(""), htmx));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var document = htmx ? (await response.ParseFragmentAsync()).Document : await response.ParseAsync();
        Assert.NotNull(document.QuerySelector("#f-reason-error"));
        Assert.Null((await OrganizationRowAsync(org.Id)).SuspendedAt);
    }

    [Fact]
    public async Task ADeletedOrganization_HasNoSuspendStep_404()
    {
        var (_, admin) = await AdminPages.AdminAsync(fixture);
        var org = await _data.OrganizationAsync();
        await using (var db = fixture.Db())
            await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DeletedAt, DateTimeOffset.UtcNow));

        var page = await admin.PageAsync($"/admin/organizations/{org.Id}");

        Assert.Null(page.QuerySelector("a[href$='/suspend']"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/organizations/{org.Id}/suspend")).StatusCode);
    }

    /// <summary>Every URL of the sitemap (its index and its files).</summary>
    private static async Task<string> SitemapTextAsync(SiteBrowser browser)
    {
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var index = XDocument.Parse(await (await browser.GetAsync("/sitemap.xml")).Content.ReadAsStringAsync());
        var text = index.ToString();
        foreach (var file in index.Root!.Elements(ns + "sitemap").Select(s => s.Element(ns + "loc")!.Value))
            text += await (await browser.GetAsync(new Uri(file).PathAndQuery)).Content.ReadAsStringAsync();
        return text;
    }
}
