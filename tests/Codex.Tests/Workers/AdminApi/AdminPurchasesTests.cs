using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// <c>GET /api/admin/purchases</c> (platform admin), and the refund route as the platform admin uses it from there: any
/// organization's purchase, through the provider, access ending only on a full refund.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class AdminPurchasesTests(AdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);

    private async Task<string> AdminCookieAsync() => (await _api.Data.CookieAsync(await _api.Data.OrganizationAsync(), Who.PlatformAdmin))!;

    private async Task<PagedList<AdminPurchaseDto>> ListAsync(string query, string cookie)
    {
        var response = await _api.GetAsync("/api/admin/purchases" + query, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<AdminPurchaseDto>>();
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    public async Task Get_Purchases_ByAnyoneButAPlatformAdmin_IsRefused(Who who, HttpStatusCode status, string code)
    {
        var cookie = await _api.Data.CookieAsync(await _api.Data.OrganizationAsync(), who);

        var response = await _api.GetAsync("/api/admin/purchases", cookie);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Purchases_ListsEveryOrganizations_WithBuyerItemAndOrganization_FilteredSearchedAndPaged_NewestFirst()
    {
        var cookie = await AdminCookieAsync();
        var (org, owner, _) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "Kiln firing " + Guid.NewGuid().ToString("N")[..6], priceCents: 900);
        var buyer = await _api.Data.UserAsync("Petra Purchaser");
        var other = await _api.Data.UserAsync("Other");
        var older = await _api.PurchaseAsync(buyer, item, _api.DaysAgo(3));
        var newer = await _api.PurchaseAsync(other, item, _api.DaysAgo(1), status: PurchaseStatus.Refunded, refundedCents: 900);
        var grant = await _api.PurchaseAsync(buyer, await _api.PaidItemAsync(org, "Granted"), _api.DaysAgo(2), grantedBy: owner.Id);
        await _api.PurchaseAsync(buyer, item, _api.DaysAgo(0), status: PurchaseStatus.Pending);

        var ofItem = await ListAsync($"?contentId={item.Id}", cookie);
        var ofBuyer = await ListAsync($"?userId={buyer.Id}", cookie);
        var refunded = await ListAsync($"?contentId={item.Id}&status=refunded", cookie);
        var pending = await ListAsync($"?userId={buyer.Id}&status=pending", cookie);
        var byTitle = await ListAsync($"?search={Uri.EscapeDataString(item.Title.ToUpperInvariant())}", cookie);
        var byEmail = await ListAsync($"?search={Uri.EscapeDataString(buyer.Email)}", cookie);
        var second = await ListAsync($"?contentId={item.Id}&limit=1&page=2", cookie);

        Assert.Equal([newer.Id, older.Id], ofItem.Items.Select(p => p.Id));
        var row = ofItem.Items[1];
        Assert.Equal((buyer.Name, buyer.Email, item.Title, org.Name, org.Slug, 900, 0, PurchaseStatus.Completed, false),
            (row.UserName, row.UserEmail, row.ContentTitle, row.OrganizationName, row.OrganizationSlug, row.PriceCents, row.RefundedCents, row.Status,
                row.Granted));
        Assert.Equal(900, ofItem.Items[0].RefundedCents);
        Assert.Equal([grant.Id, older.Id], ofBuyer.Items.Select(p => p.Id));
        Assert.True(ofBuyer.Items[0].Granted);
        Assert.Equal([newer.Id], refunded.Items.Select(p => p.Id));
        Assert.Single(pending.Items);
        Assert.Equal(2, byTitle.Pagination.Total);
        Assert.Equal(2, byEmail.Pagination.Total);
        Assert.Equal([older.Id], second.Items.Select(p => p.Id));
    }

    [Theory]
    [InlineData("?status=lost", "status")]
    [InlineData("?userId=1", "userId")]
    [InlineData("?contentId=x", "contentId")]
    [InlineData("?page=1001", "page")]
    [InlineData("?limit=0", "limit")]
    public async Task Get_Purchases_BadQuery_Is400_NamingTheField(string query, string field)
    {
        var response = await _api.GetAsync("/api/admin/purchases" + query, await AdminCookieAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task PlatformAdmin_RefundsAnyOrganizationsPurchase_InPart_KeepingAccess_ThenInFull_EndingIt_BothAudited()
    {
        var cookie = await AdminCookieAsync();
        var (org, _, _) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "Paid video", priceCents: 500, video: true);
        var buyer = await _api.Data.UserAsync("Bea Buyer");
        var buyerCookie = await _api.Data.SessionCookieAsync(buyer);
        var purchase = await _api.PurchaseAsync(buyer, item, _api.DaysAgo(1));

        var partial = await _api.SendAsync(HttpMethod.Post, $"/api/admin/purchases/{purchase.Id}/refund", cookie, new RefundRequest("Goodwill", 100));
        var streamAfterPartial = await _api.StreamAsync(item.Id, buyerCookie);
        var over = await _api.SendAsync(HttpMethod.Post, $"/api/admin/purchases/{purchase.Id}/refund", cookie, new RefundRequest("Too much", 401));
        var rest = await _api.SendAsync(HttpMethod.Post, $"/api/admin/purchases/{purchase.Id}/refund", cookie, new RefundRequest("Fraud report", null));
        var again = await _api.SendAsync(HttpMethod.Post, $"/api/admin/purchases/{purchase.Id}/refund", cookie, new RefundRequest("Once more", null));
        var listed = await ListAsync($"?contentId={item.Id}", cookie);

        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.Equal(HttpStatusCode.OK, streamAfterPartial);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("amountCents", await over.FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StreamAsync(item.Id, buyerCookie));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal((PurchaseStatus.Refunded, 500), (listed.Items[0].Status, listed.Items[0].RefundedCents));
        await using var db = fixture.Db();
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.TargetId == purchase.Id.ToString("D")).OrderBy(a => a.CreatedAt).ToListAsync();
        Assert.Equal(["Goodwill", "Fraud report"], audit.Select(a => a.Reason));
        Assert.All(audit, a => Assert.Equal("purchase.refund", a.Action));
    }

    [Fact]
    public async Task PlatformAdmin_RefundOfAGrant_Is409()
    {
        var cookie = await AdminCookieAsync();
        var (org, owner, _) = await _api.OrganizationWithOwnerAsync();
        var grant = await _api.PurchaseAsync(await _api.Data.UserAsync(), await _api.PaidItemAsync(org), _api.DaysAgo(1), grantedBy: owner.Id);

        var response = await _api.SendAsync(HttpMethod.Post, $"/api/admin/purchases/{grant.Id}/refund", cookie, new RefundRequest("No", null));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await response.ErrorAsync()).Code);
    }
}
