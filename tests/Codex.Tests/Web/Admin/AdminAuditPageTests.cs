using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Admin;

/// <summary>/admin/audit through HTTP: who may open it, the table with filters and paging, in both shapes.</summary>
[Collection(SiteCollection.Name)]
public sealed class AdminAuditPageTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Found)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.Forbidden)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task Audit_ByVisitor(Who who, HttpStatusCode status)
    {
        var browser = await AdminPages.VisitorAsync(fixture, who);

        var response = await browser.GetAsync("/admin/audit");

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Found) Assert.Equal("/login?redirect=%2Fadmin%2Faudit", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Audit_ListsAnActionDoneThroughThePages_FilteredByTarget_InBothShapes()
    {
        var (admin, browser) = await AdminPages.AdminAsync(fixture, "Audra Auditor");
        var person = await _data.UserAsync("Audited Person");
        var confirm = await browser.PageAsync($"/admin/users/{person.Id}/disable");
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SubmitAsync(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason("Phishing links"))).StatusCode);
        var url = $"/admin/audit?targetType=user&targetId={person.Id}";

        var page = await browser.PageAsync(url);
        var fragment = await browser.SendAsync(Html.Htmx(url));

        Assert.Equal("Audit log | Admin | Codex", page.Title);
        Assert.Equal("page", page.QuerySelector("nav.admin-nav a[href='/admin/audit']")!.GetAttribute("aria-current"));
        var filters = page.GetElementById(DomIds.AdminAuditFilters)!;
        Assert.Equal(("get", $"#{DomIds.AdminAuditResults}"), (filters.GetAttribute("method"), filters.GetAttribute("hx-target")));
        Assert.Equal("user", page.QuerySelector("#f-audit-target-type option[selected]")!.GetAttribute("value"));
        Assert.Equal(person.Id.ToString(), page.QuerySelector("#f-audit-target-id")!.GetAttribute("value"));
        foreach (var id in new[] { "f-audit-action", "f-audit-target-type", "f-audit-target-id", "f-audit-actor" })
            Assert.NotNull(page.QuerySelector($"label[for={id}]"));
        var row = Assert.Single(page.QuerySelectorAll($"#{DomIds.AdminAuditResults} tbody tr"));
        Assert.Contains("Audra Auditor", row.QuerySelector("th[scope=row]")!.TextContent);
        Assert.Equal($"/admin/users/{admin.Id}", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal("user.disable", row.QuerySelector("td[data-label=Action]")!.TextContent.Trim());
        Assert.Contains(person.Email, row.QuerySelector("td[data-label=Target]")!.TextContent);
        Assert.Equal("Phishing links", row.QuerySelector("td[data-label=Reason]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector($"#{DomIds.AdminAuditResults} table caption"));
        Assert.StartsWith($"<div id=\"{DomIds.AdminAuditResults}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
    }

    [Fact]
    public async Task Audit_WithABadFilter_Is400_SayingWhat()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);

        var response = await browser.GetAsync("/admin/audit?actorId=bob&page=1001");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = (await response.ParseAsync()).GetElementById(DomIds.AdminAuditResults)!.TextContent;
        Assert.Contains("UUID", text);
        Assert.Contains("Page must be a number from 1 to 1000.", text);
    }
}
