using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// Refunds from the back office go through the payment provider: offline, a signed <c>charge.refunded</c> through the
/// webhook, which changes the purchase by the same rule as Stripe's own events (partial keeps access, full ends it).
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class RefundsTests(AdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);

    private Task<HttpResponseMessage> RefundAsync(Guid purchaseId, object body, string? cookie, string? key = null) =>
        _api.SendAsync(HttpMethod.Post, $"/api/admin/purchases/{purchaseId}/refund", cookie, body, key);

    private async Task<Purchase> ReloadAsync(Guid id)
    {
        await using var db = fixture.Db();
        return await db.Purchases.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    /// <summary>A $5.00 video bought by a new buyer: the purchase and the buyer's cookie.</summary>
    private async Task<(Organization Org, string OwnerCookie, ContentItem Item, Purchase Purchase, string BuyerCookie)> SaleAsync()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "Paid video", priceCents: 500, video: true);
        var buyer = await _api.Data.UserAsync("Bea Buyer");
        var purchase = await _api.PurchaseAsync(buyer, item, _api.DaysAgo(1));
        return (org, cookie, item, purchase, await _api.Data.SessionCookieAsync(buyer));
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
    public async Task Post_Refund_ByCaller_AnswersByTheirRole_AndOnlyThenRefunds(Who who, HttpStatusCode status, string? code)
    {
        var (org, _, _, purchase, _) = await SaleAsync();
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await RefundAsync(purchase.Id, new RefundRequest("Asked nicely", null), cookie);
        var get = await _api.GetAsync($"/api/admin/purchases/{purchase.Id}", cookie);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(status, get.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        Assert.Equal(status == HttpStatusCode.OK ? PurchaseStatus.Refunded : PurchaseStatus.Completed, (await ReloadAsync(purchase.Id)).Status);
    }

    [Fact]
    public async Task Post_Refund_Partial_KeepsAccess_TheRest_EndsIt_BothThroughTheWebhook_AndBothAudited()
    {
        var (org, cookie, item, purchase, buyerCookie) = await SaleAsync();

        var partial = await RefundAsync(purchase.Id, new RefundRequest("Late delivery", 200), cookie);
        var afterPartial = await ReloadAsync(purchase.Id);
        var streamAfterPartial = await _api.StreamAsync(item.Id, buyerCookie);
        var libraryAfterPartial = await _api.LibraryAsync(buyerCookie);
        var rest = await RefundAsync(purchase.Id, new RefundRequest("Changed their mind", null), cookie);

        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var partialDto = (await partial.ReadAsync<DataEnvelope<OrganizationPurchaseDto>>()).Data;
        Assert.Equal((PurchaseStatus.Completed, 200), (partialDto.Status, partialDto.RefundedCents));
        Assert.Equal((PurchaseStatus.Completed, 200), (afterPartial.Status, afterPartial.RefundedCents));
        Assert.Equal(HttpStatusCode.OK, streamAfterPartial);
        Assert.Contains(item.Id, libraryAfterPartial);

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        var whole = await ReloadAsync(purchase.Id);
        Assert.Equal((PurchaseStatus.Refunded, 500), (whole.Status, whole.RefundedCents));
        Assert.NotNull(whole.RefundedAt);
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StreamAsync(item.Id, buyerCookie));
        Assert.DoesNotContain(item.Id, await _api.LibraryAsync(buyerCookie));

        await using var db = fixture.Db();
        var events = await db.WebhookEvents.AsNoTracking().Where(e => e.PaymentIntentId == purchase.PaymentIntentId).ToListAsync();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(("charge.refunded", true), (e.Type, e.ProcessedAt is not null)));
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.OrganizationId == org.Id).OrderBy(a => a.CreatedAt).ToListAsync();
        Assert.Equal(["Late delivery", "Changed their mind"], audit.Select(a => a.Reason));
        Assert.All(audit, a => Assert.Equal(("purchase.refund", purchase.Id.ToString("D")), (a.Action, a.TargetId)));
        Assert.Contains("\"amountCents\":300", audit[1].Details);
    }

    [Fact]
    public async Task Post_Refund_TheSameIdempotencyKeyTwice_RefundsOnce_AndAnswersTheSame()
    {
        var (_, cookie, _, purchase, _) = await SaleAsync();
        var key = Guid.NewGuid().ToString("N");

        var first = await RefundAsync(purchase.Id, new RefundRequest("Once", 150), cookie, key);
        var again = await RefundAsync(purchase.Id, new RefundRequest("Once", 150), cookie, key);
        var together = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RefundAsync(purchase.Id, new RefundRequest("Click", 100), cookie, "k2-" + key)));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.All(together, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(250, (await ReloadAsync(purchase.Id)).RefundedCents);
    }

    [Fact]
    public async Task Post_Refund_ARepeatedKey_AnswersTheFirstResult_EvenAfterAnotherRefund_AndIsAuditedOnce()
    {
        var (org, cookie, _, purchase, _) = await SaleAsync();
        var key = Guid.NewGuid().ToString("N");

        var first = await RefundAsync(purchase.Id, new RefundRequest("First", 150), cookie, key);
        var other = await RefundAsync(purchase.Id, new RefundRequest("Second", 100), cookie, "other-" + key);
        var again = await RefundAsync(purchase.Id, new RefundRequest("First", 150), cookie, key);
        var otherBody = await RefundAsync(purchase.Id, new RefundRequest("First", 50), cookie, key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, other.StatusCode, again.StatusCode));
        Assert.Equal(150, (await again.ReadAsync<DataEnvelope<OrganizationPurchaseDto>>()).Data.RefundedCents);
        Assert.Equal(HttpStatusCode.Conflict, otherBody.StatusCode);
        Assert.Equal(250, (await ReloadAsync(purchase.Id)).RefundedCents);
        await using var db = fixture.Db();
        Assert.Equal(["First", "Second"], await db.AuditLog.AsNoTracking().Where(a => a.OrganizationId == org.Id)
            .OrderBy(a => a.CreatedAt).Select(a => a.Reason).ToListAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_Refund_TwoOfTheSameAmount_UnderTwoKeysOrNone_AreTwoRefunds(bool keyed)
    {
        var (org, cookie, _, purchase, _) = await SaleAsync();

        var first = await RefundAsync(purchase.Id, new RefundRequest("Part", 100), cookie, keyed ? "a-" + Guid.NewGuid() : null);
        var second = await RefundAsync(purchase.Id, new RefundRequest("Part", 100), cookie, keyed ? "b-" + Guid.NewGuid() : null);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(200, (await ReloadAsync(purchase.Id)).RefundedCents);
        await using var db = fixture.Db();
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.OrganizationId == org.Id && a.Action == "purchase.refund"));
        Assert.Equal(2, await db.WebhookEvents.CountAsync(e => e.PaymentIntentId == purchase.PaymentIntentId));
    }

    [Fact]
    public async Task Post_Refund_ARefusedAttempt_FreesItsKey_SoTheCorrectedFormGoesThroughWithIt()
    {
        var (_, cookie, _, purchase, _) = await SaleAsync();
        var key = Guid.NewGuid().ToString("N");

        var tooMuch = await RefundAsync(purchase.Id, new RefundRequest("Part", 600), cookie, key);
        var corrected = await RefundAsync(purchase.Id, new RefundRequest("Part", 300), cookie, key);

        Assert.Equal(["amountCents"], await tooMuch.FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(300, (await ReloadAsync(purchase.Id)).RefundedCents);
    }

    [Fact]
    public async Task Post_Refund_MoreThanIsLeft_Returns400_AndRefundsNothing()
    {
        var (_, cookie, _, purchase, _) = await SaleAsync();
        await RefundAsync(purchase.Id, new RefundRequest("Part", 400), cookie);

        var response = await RefundAsync(purchase.Id, new RefundRequest("Too much", 101), cookie);

        Assert.Equal(["amountCents"], await response.FieldErrorsAsync());
        Assert.Equal(400, (await ReloadAsync(purchase.Id)).RefundedCents);
    }

    [Fact]
    public async Task Post_Refund_AlreadyFullyRefunded_Returns409()
    {
        var (_, cookie, _, purchase, _) = await SaleAsync();
        Assert.Equal(HttpStatusCode.OK, (await RefundAsync(purchase.Id, new RefundRequest("All", null), cookie)).StatusCode);

        var response = await RefundAsync(purchase.Id, new RefundRequest("Again", null), cookie);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Refund_OfAGrant_Returns409_NothingToRefund()
    {
        var (org, owner, cookie) = await _api.OrganizationWithOwnerAsync();
        var grant = await _api.PurchaseAsync(await _api.Data.UserAsync(), await _api.PaidItemAsync(org), _api.DaysAgo(1), grantedBy: owner.Id);

        var response = await RefundAsync(grant.Id, new RefundRequest("Nope", null), cookie);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("complimentary", (await response.ErrorAsync()).Message);
    }

    [Fact]
    public async Task Post_Refund_OfADisputedPayment_Returns409()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var disputed = await _api.PurchaseAsync(await _api.Data.UserAsync(), await _api.PaidItemAsync(org), _api.DaysAgo(1),
            status: PurchaseStatus.Disputed);

        var response = await RefundAsync(disputed.Id, new RefundRequest("Nope", null), cookie);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Post_Refund_Unknown_Returns404_NotAUuid_400()
    {
        var cookie = await _api.Data.SessionCookieAsync(await _api.Data.UserAsync(role: UserRole.Admin));

        var unknown = await RefundAsync(Guid.NewGuid(), new RefundRequest("x", null), cookie);
        var garbled = await RefundAsync(Guid.Empty, new RefundRequest("x", null), cookie);
        var notUuid = await _api.SendAsync(HttpMethod.Post, "/api/admin/purchases/abc/refund", cookie, new RefundRequest("x", null));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, garbled.StatusCode);
        Assert.Equal(["id"], await notUuid.FieldErrorsAsync());
    }

    [Theory]
    [InlineData(null, null, "reason")]
    [InlineData("  ", null, "reason")]
    [InlineData("ok", 0, "amountCents")]
    [InlineData("ok", -5, "amountCents")]
    public async Task Post_Refund_BadBody_Returns400WithTheField(string? reason, int? amount, string field)
    {
        var (_, cookie, _, purchase, _) = await SaleAsync();

        var response = await RefundAsync(purchase.Id, new RefundRequest(reason, amount), cookie);

        Assert.Equal([field], await response.FieldErrorsAsync());
        Assert.Equal(0, (await ReloadAsync(purchase.Id)).RefundedCents);
    }

    [Fact]
    public async Task InternalRefundRoute_WithoutTheInternalKey_Returns403()
    {
        var (_, _, _, purchase, _) = await SaleAsync();
        using var ecom = fixture.Client(Role.EcomApi);

        var response = await ecom.PostAsJsonAsync("/internal/refunds", new ProviderRefundRequest(purchase.Id, 500, "x", "k"), ContractJson.Options);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, (await ReloadAsync(purchase.Id)).RefundedCents);
    }
}
