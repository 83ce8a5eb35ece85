using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// After a deletion (ADR 022) the organization is gone for its former owners and admins on every Admin-API route (their
/// memberships survive the soft delete but give nothing); a platform admin may still read its sales and refund its
/// buyers, but nobody may give its content away (ADR 021).
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class DeletedOrganizationTests(AdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);

    public enum Route { Analytics, Customers, CustomersCsv, Grants, Purchase, Refund }

    /// <summary>A deleted organization with one paid sale, and the caller's cookie.</summary>
    private async Task<(Organization Org, ContentItem Item, Purchase Purchase, string? Cookie)> DeletedWithASaleAsync(Who who)
    {
        var org = await _api.Data.OrganizationAsync();
        var cookie = await _api.Data.CookieAsync(org, who);
        var item = await _api.PaidItemAsync(org, "Paid video", priceCents: 500, video: true);
        var purchase = await _api.PurchaseAsync(await _api.Data.UserAsync("Bea Buyer"), item, _api.DaysAgo(1));
        await using var db = fixture.Db();
        await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DeletedAt, fixture.Clock.GetUtcNow()));
        return (org, item, purchase, cookie);
    }

    private async Task<HttpResponseMessage> CallAsync(Route route, Organization org, ContentItem item, Purchase purchase, string? cookie)
    {
        var friend = await _api.Data.UserAsync("Friend");
        return route switch
        {
            Route.Analytics => await _api.GetAsync($"/api/admin/organizations/{org.Id}/analytics", cookie),
            Route.Customers => await _api.GetAsync($"/api/admin/organizations/{org.Id}/customers", cookie),
            Route.CustomersCsv => await _api.GetAsync($"/api/admin/organizations/{org.Id}/customers?format=csv", cookie),
            Route.Grants => await _api.SendAsync(HttpMethod.Post, $"/api/admin/organizations/{org.Id}/grants", cookie,
                new GrantRequest(friend.Id, null, item.Id)),
            Route.Purchase => await _api.GetAsync($"/api/admin/purchases/{purchase.Id}", cookie),
            Route.Refund => await _api.SendAsync(HttpMethod.Post, $"/api/admin/purchases/{purchase.Id}/refund", cookie,
                new RefundRequest("Organization closed", null)),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
    }

    [Theory]
    [InlineData(Route.Analytics, Who.Owner)]
    [InlineData(Route.Analytics, Who.Admin)]
    [InlineData(Route.Customers, Who.Owner)]
    [InlineData(Route.Customers, Who.Admin)]
    [InlineData(Route.CustomersCsv, Who.Owner)]
    [InlineData(Route.CustomersCsv, Who.Admin)]
    [InlineData(Route.Grants, Who.Owner)]
    [InlineData(Route.Grants, Who.Admin)]
    [InlineData(Route.Grants, Who.PlatformAdmin)]
    [InlineData(Route.Purchase, Who.Owner)]
    [InlineData(Route.Purchase, Who.Admin)]
    [InlineData(Route.Refund, Who.Owner)]
    [InlineData(Route.Refund, Who.Admin)]
    [InlineData(Route.Analytics, Who.Member)]
    [InlineData(Route.Refund, Who.Customer)]
    public async Task AfterDeletion_TheRoute_Returns404_AndChangesNothing(Route route, Who who)
    {
        var (org, item, purchase, cookie) = await DeletedWithASaleAsync(who);

        var response = await CallAsync(route, org, item, purchase, cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
        await using var db = fixture.Db();
        var rows = await db.Purchases.AsNoTracking().Where(p => p.ContentId == item.Id).ToListAsync();
        Assert.Equal((0, 0), (rows.Count(p => p.GrantedById != null), rows.Sum(p => p.RefundedCents)));
        Assert.False(await db.AuditLog.AnyAsync(a => a.OrganizationId == org.Id));
    }

    [Theory]
    [InlineData(Route.Analytics)]
    [InlineData(Route.Customers)]
    [InlineData(Route.CustomersCsv)]
    [InlineData(Route.Purchase)]
    [InlineData(Route.Refund)]
    public async Task AfterDeletion_APlatformAdmin_StillReadsTheSales_AndRefundsItsBuyers(Route route)
    {
        var (org, item, purchase, cookie) = await DeletedWithASaleAsync(Who.PlatformAdmin);

        var response = await CallAsync(route, org, item, purchase, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = fixture.Db();
        var refunded = (await db.Purchases.AsNoTracking().SingleAsync(p => p.Id == purchase.Id)).RefundedCents;
        Assert.Equal(route == Route.Refund ? 500 : 0, refunded);
    }
}
