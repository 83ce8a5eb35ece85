using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

[Collection(AdminCollection.Name)]
public sealed class GrantsTests(AdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);

    private Task<HttpResponseMessage> GrantAsync(Guid orgId, object body, string? cookie) =>
        _api.SendAsync(HttpMethod.Post, $"/api/admin/organizations/{orgId}/grants", cookie, body);

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.Created, null)]
    [InlineData(Who.Owner, HttpStatusCode.Created, null)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.Created, null)]
    public async Task Post_Grants_ByCaller_AnswersByTheirRole_AndOnlyAGrantLeavesARowAndAnAuditEntry(Who who, HttpStatusCode status, string? code)
    {
        var org = await _api.Data.OrganizationAsync();
        var cookie = await _api.Data.CookieAsync(org, who);
        var item = await _api.PaidItemAsync(org);
        var friend = await _api.Data.UserAsync("Friend");

        var response = await GrantAsync(org.Id, new GrantRequest(null, friend.Email, item.Id), cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        await using var db = fixture.Db();
        var granted = await db.Purchases.AsNoTracking().Where(p => p.UserId == friend.Id).ToListAsync();
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.OrganizationId == org.Id).ToListAsync();
        Assert.Equal(status == HttpStatusCode.Created ? 1 : 0, granted.Count);
        Assert.Equal(status == HttpStatusCode.Created ? 1 : 0, audit.Count);
    }

    [Fact]
    public async Task Post_Grants_ByEmail_IsAZeroPriceCompletedPurchase_GrantedByTheCaller_AndAuditedOnce()
    {
        var (org, owner, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "Clay at home");
        var friend = await _api.Data.UserAsync("Fay Friend");

        var response = await GrantAsync(org.Id, new GrantRequest(null, "  " + friend.Email.ToUpperInvariant() + " ", item.Id), cookie);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<OrganizationPurchaseDto>>()).Data;
        Assert.Equal((friend.Id, "Fay Friend", item.Id, "Clay at home", 0, PurchaseStatus.Completed, true),
            (dto.UserId, dto.UserName, dto.ContentId, dto.ContentTitle, dto.PriceCents, dto.Status, dto.Granted));
        await using var db = fixture.Db();
        var row = await db.Purchases.AsNoTracking().SingleAsync(p => p.Id == dto.Id);
        Assert.Equal((0, PurchaseStatus.Completed, owner.Id, (string?)null), (row.PriceCents, row.Status, row.GrantedById, row.PaymentIntentId));
        Assert.StartsWith("grant_", row.CheckoutSessionId);
        var entry = await db.AuditLog.AsNoTracking().SingleAsync(a => a.OrganizationId == org.Id);
        Assert.Equal((owner.Id, "grant.create", "purchase", dto.Id.ToString("D")), (entry.ActorId, entry.Action, entry.TargetType, entry.TargetId));
        Assert.Equal(0, (await db.Content.AsNoTracking().SingleAsync(c => c.Id == item.Id)).PurchaseCount); // not a sale
    }

    [Fact]
    public async Task Post_Grants_Again_Returns200WithTheSameGrant_ByEmailOrById_AndFiveAtOnceMakeOne()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org);
        var friend = await _api.Data.UserAsync();
        var other = await _api.Data.UserAsync();

        var first = await GrantAsync(org.Id, new GrantRequest(null, friend.Email, item.Id), cookie);
        var second = await GrantAsync(org.Id, new GrantRequest(friend.Id, null, item.Id), cookie);
        var together = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => GrantAsync(org.Id, new GrantRequest(other.Id, null, item.Id), cookie)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.ReadAsync<DataEnvelope<OrganizationPurchaseDto>>()).Data.Id,
            (await second.ReadAsync<DataEnvelope<OrganizationPurchaseDto>>()).Data.Id);
        Assert.Single(together, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(together, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        await using var db = fixture.Db();
        Assert.Equal(1, await db.Purchases.CountAsync(p => p.UserId == friend.Id));
        Assert.Equal(1, await db.Purchases.CountAsync(p => p.UserId == other.Id));
    }

    [Fact]
    public async Task Post_Grants_MoreThanSixtyInAnHour_ByOneCaller_Returns429RateLimited_AndGrantsNothingMore()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org);
        var friend = await _api.Data.UserAsync();
        var late = await _api.Data.UserAsync();
        for (var i = 0; i < 60; i++)
            Assert.True((await GrantAsync(org.Id, new GrantRequest(friend.Id, null, item.Id), cookie)).IsSuccessStatusCode);

        var refused = await GrantAsync(org.Id, new GrantRequest(late.Id, null, item.Id), cookie);
        var otherCaller = await GrantAsync(org.Id, new GrantRequest(late.Id, null, item.Id), await _api.Data.CookieAsync(org, Who.Admin));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(ErrorCodes.RateLimited, (await refused.ErrorAsync()).Code);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, otherCaller.StatusCode); // per caller, not per organization
    }

    [Fact]
    public async Task Post_Grants_UnlocksStreamingAndTheLibrary_LikeAPurchase()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "Paid video", video: true);
        var friend = await _api.Data.UserAsync();
        var friendCookie = await _api.Data.SessionCookieAsync(friend);
        var before = await _api.StreamAsync(item.Id, friendCookie);

        Assert.Equal(HttpStatusCode.Created, (await GrantAsync(org.Id, new GrantRequest(friend.Id, null, item.Id), cookie)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, before);
        Assert.Equal(HttpStatusCode.OK, await _api.StreamAsync(item.Id, friendCookie));
        Assert.Contains(item.Id, await _api.LibraryAsync(friendCookie));
    }

    [Fact]
    public async Task Post_Grants_ForAnItemTheyBought_Returns409AlreadyPurchased()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org);
        var buyer = await _api.Data.UserAsync();
        await _api.PurchaseAsync(buyer, item, _api.DaysAgo(1));

        var response = await GrantAsync(org.Id, new GrantRequest(buyer.Id, null, item.Id), cookie);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.AlreadyPurchased, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Grants_AfterAFullRefund_GivesAccessAgain()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org);
        var buyer = await _api.Data.UserAsync();
        await _api.PurchaseAsync(buyer, item, _api.DaysAgo(1), status: PurchaseStatus.Refunded, refundedCents: 500);

        var response = await GrantAsync(org.Id, new GrantRequest(buyer.Id, null, item.Id), cookie);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Post_Grants_UnknownPeopleOrItems_Return404()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org);
        var elsewhere = await _api.PaidItemAsync(await _api.Data.OrganizationAsync());
        var friend = await _api.Data.UserAsync();

        var unknownEmail = await GrantAsync(org.Id, new GrantRequest(null, "nobody-" + Guid.NewGuid().ToString("N") + "@example.test", item.Id), cookie);
        var unknownUser = await GrantAsync(org.Id, new GrantRequest(Guid.NewGuid(), null, item.Id), cookie);
        var otherOrgsItem = await GrantAsync(org.Id, new GrantRequest(friend.Id, null, elsewhere.Id), cookie);
        var unknownItem = await GrantAsync(org.Id, new GrantRequest(friend.Id, null, Guid.NewGuid()), cookie);
        var unknownOrg = await GrantAsync(Guid.NewGuid(), new GrantRequest(friend.Id, null, item.Id), cookie);

        Assert.All(new[] { unknownEmail, unknownUser, otherOrgsItem, unknownItem, unknownOrg }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Contains("register", (await unknownEmail.ErrorAsync()).Message);
    }

    // Issue 14: a suspended organization gives nothing away, whoever asks: checkout's answer for its items, word for word.
    [Theory]
    [InlineData(Who.Owner)]
    [InlineData(Who.PlatformAdmin)]
    public async Task Post_Grants_InASuspendedOrganization_Returns422AsCheckoutDoes_AndGrantsNothing(Who who)
    {
        var org = await _api.Data.OrganizationAsync();
        var cookie = await _api.Data.CookieAsync(org, who);
        var item = await _api.PaidItemAsync(org);
        var friend = await _api.Data.UserAsync();
        await using (var db = fixture.Db())
            await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.SuspendedAt, fixture.Clock.GetUtcNow()));

        var response = await GrantAsync(org.Id, new GrantRequest(friend.Id, null, item.Id), cookie);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = await response.ErrorAsync();
        Assert.Equal((ErrorCodes.ContentNotPurchasable, SuspensionMessages.NotPurchasable), (error.Code, error.Message));
        await using var check = fixture.Db();
        Assert.False(await check.Purchases.AnyAsync(p => p.UserId == friend.Id));
    }

    [Fact]
    public async Task Post_Grants_ForAFreeItem_Returns422()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var free = await _api.Data.ContentAsync(org, await _api.Data.UserAsync(), "Free");

        var response = await GrantAsync(org.Id, new GrantRequest((await _api.Data.UserAsync()).Id, null, free.Id), cookie);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(ErrorCodes.ContentNotPurchasable, (await response.ErrorAsync()).Code);
    }

    [Theory]
    [InlineData("""{"contentId":"00000000-0000-0000-0000-000000000001"}""", "email")]
    [InlineData("""{"email":"a@example.test","userId":"00000000-0000-0000-0000-000000000001","contentId":"00000000-0000-0000-0000-000000000001"}""", "userId")]
    [InlineData("""{"email":"not-an-email","contentId":"00000000-0000-0000-0000-000000000001"}""", "email")]
    [InlineData("""{"email":"a@example.test"}""", "contentId")]
    [InlineData("""{"email":"a@example.test","contentId":"nope"}""", "contentId")]
    public async Task Post_Grants_BadBody_Returns400WithTheField(string json, string field)
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/organizations/{org.Id}/grants")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        var response = await _api.Client.SendAsync(request);

        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Grants_NotJson_Returns400InvalidJson()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/organizations/{org.Id}/grants")
        {
            Content = new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        var response = await _api.Client.SendAsync(request);

        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }
}
