using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Workers.AdminApi.Organizations;

namespace Codex.Tests.Workers.AdminApi;

[Collection(AdminCollection.Name)]
public sealed class CustomersTests(AdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);

    private async Task<PagedList<OrganizationPurchaseDto>> CustomersAsync(Guid orgId, string cookie, string query = "")
    {
        var response = await _api.GetAsync($"/api/admin/organizations/{orgId}/customers{query}", cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<OrganizationPurchaseDto>>();
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.OK, null)]
    [InlineData(Who.Owner, HttpStatusCode.OK, null)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK, null)]
    public async Task Get_Customers_ByCaller_AnswersByTheirRole_InBothFormats(Who who, HttpStatusCode status, string? code)
    {
        var org = await _api.Data.OrganizationAsync();
        var cookie = await _api.Data.CookieAsync(org, who);

        var json = await _api.GetAsync($"/api/admin/organizations/{org.Id}/customers", cookie);
        var csv = await _api.GetAsync($"/api/admin/organizations/{org.Id}/customers?format=csv", cookie);

        Assert.Equal((status, status), (json.StatusCode, csv.StatusCode));
        if (code is not null)
        {
            Assert.Equal(code, (await json.ErrorAsync()).Code);
            Assert.Equal(code, (await csv.ErrorAsync()).Code);
        }
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?page=abc", "page")]
    [InlineData("?page=1001", "page")]
    [InlineData("?format=xml", "format")]
    public async Task Get_Customers_BadQuery_Returns400WithTheField(string query, string field)
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();

        var response = await _api.GetAsync($"/api/admin/organizations/{org.Id}/customers{query}", cookie);

        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Customers_UnknownOrganization_Returns404()
    {
        var cookie = await _api.Data.SessionCookieAsync(await _api.Data.UserAsync(role: UserRole.Admin));

        var response = await _api.GetAsync($"/api/admin/organizations/{Guid.NewGuid()}/customers", cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_Customers_ListsWhoBoughtWhatWhenForHowMuch_NewestFirst_WithGrantsMarked()
    {
        var (org, owner, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "Sourdough basics", priceCents: 900);
        var ann = await _api.Data.UserAsync("Ann Buyer");
        var bob = await _api.Data.UserAsync("Bob Given");
        var older = await _api.PurchaseAsync(ann, item, _api.DaysAgo(5), status: PurchaseStatus.Completed, refundedCents: 200);
        var grant = await _api.PurchaseAsync(bob, item, _api.DaysAgo(1), grantedBy: owner.Id);
        await _api.PurchaseAsync(await _api.Data.UserAsync(), await _api.PaidItemAsync(await _api.Data.OrganizationAsync()), _api.DaysAgo(0));

        var list = await CustomersAsync(org.Id, cookie);

        Assert.Equal([grant.Id, older.Id], list.Items.Select(p => p.Id));
        Assert.Equal(2, list.Pagination.Total);
        var sale = list.Items[1];
        Assert.Equal((ann.Id, "Ann Buyer", ann.Email, item.Id, "Sourdough basics", item.Slug, 900, 200, PurchaseStatus.Completed, false),
            (sale.UserId, sale.UserName, sale.UserEmail, sale.ContentId, sale.ContentTitle, sale.ContentSlug, sale.PriceCents, sale.RefundedCents,
                sale.Status, sale.Granted));
        Assert.Equal(older.PurchasedAt, sale.PurchasedAt);
        Assert.Equal((0, true), (list.Items[0].PriceCents, list.Items[0].Granted));
    }

    [Fact]
    public async Task Get_Customers_SearchesNameEmailAndTitle_AndPages()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var bread = await _api.PaidItemAsync(org, "Bread for beginners");
        var clay = await _api.PaidItemAsync(org, "Clay at home");
        var zed = await _api.Data.UserAsync("Zed Quill");
        await _api.PurchaseAsync(zed, bread, _api.DaysAgo(3));
        await _api.PurchaseAsync(zed, clay, _api.DaysAgo(2));
        for (var i = 0; i < 3; i++) await _api.PurchaseAsync(await _api.Data.UserAsync("Other " + i), clay, _api.DaysAgo(1, i));

        var byName = await CustomersAsync(org.Id, cookie, "?search=zed%20q");
        var byEmail = await CustomersAsync(org.Id, cookie, "?search=" + Uri.EscapeDataString(zed.Email.ToUpperInvariant()));
        var byTitle = await CustomersAsync(org.Id, cookie, "?search=BREAD");
        var page2 = await CustomersAsync(org.Id, cookie, "?limit=2&page=2");

        Assert.Equal(2, byName.Items.Count);
        Assert.Equal(2, byEmail.Items.Count);
        Assert.Equal(bread.Id, Assert.Single(byTitle.Items).ContentId);
        Assert.Equal((2, 5, 3, 2), (page2.Items.Count, page2.Pagination.Total, page2.Pagination.TotalPages, page2.Pagination.Page));
    }

    [Fact]
    public async Task Get_Customers_AsCsv_IsTheWholeList_NotOnePage_EscapedAgainstFormulas()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "=HYPERLINK(\"http://evil\")", priceCents: 1234);
        string[] names = ["=1+2", "+SUM(A1)", "-3", "@cmd", "Smith, \"Jo\"", "Tab\tName"];
        foreach (var name in names) await _api.PurchaseAsync(await _api.Data.UserAsync(name), item, _api.DaysAgo(1));
        var plain = await _api.PaidItemAsync(org, "Plain");
        for (var i = 0; i < 120; i++) await _api.PurchaseAsync(await _api.Data.UserAsync("Buyer " + i), plain, _api.DaysAgo(2));

        var response = await _api.GetAsync($"/api/admin/organizations/{org.Id}/customers?format=csv", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        Assert.DoesNotContain("public", response.Headers.CacheControl?.ToString() ?? "");
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split("\r\n");
        Assert.Equal("", lines[^1]); // every record ends in CRLF
        Assert.Equal(string.Join(',', CustomersCsv.Header), lines[0]);
        Assert.Equal(1 + 6 + 120, lines.Length - 1);
        Assert.Contains(lines, l => l.Contains(",'=1+2,"));
        Assert.Contains(lines, l => l.Contains(",'+SUM(A1),"));
        Assert.Contains(lines, l => l.Contains(",'-3,"));
        Assert.Contains(lines, l => l.Contains(",'@cmd,"));
        Assert.Contains(lines, l => l.Contains(",\"Smith, \"\"Jo\"\"\","));
        Assert.Contains(lines, l => l.Contains(",Tab\tName,")); // a tab inside is harmless
        Assert.All(lines.Skip(1).Take(6), l => Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", l));
        Assert.Contains(",12.34,0.00,USD,completed,no,", lines[1]);
    }

    [Fact]
    public async Task Get_Customers_AsCsv_AppliesTheSearch()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "Maps");
        await _api.PurchaseAsync(await _api.Data.UserAsync("Findme Person"), item, _api.DaysAgo(1));
        await _api.PurchaseAsync(await _api.Data.UserAsync("Someone Else"), item, _api.DaysAgo(1));

        var text = await (await _api.GetAsync($"/api/admin/organizations/{org.Id}/customers?format=csv&search=findme", cookie)).Content.ReadAsStringAsync();

        Assert.Equal(3, text.Split("\r\n").Length);
        Assert.Contains("Findme Person", text);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=cmd", "'=cmd")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    [InlineData("", "")]
    public void Cell_EscapesFormulas_ThenQuotesPerRfc4180(string value, string expected) =>
        Assert.Equal(expected, CustomersCsv.Cell(value));
}
