using System.Net;
using Codex.Contracts;
using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.EcomApi;

/// <summary>
/// <c>GET /purchases/{id}</c> (issue 15, item 5): one purchase of the caller as a receipt; nobody else's, and no hint
/// that someone else's exists.
/// </summary>
[Collection(EcomCollection.Name)]
public sealed class PurchaseReceiptTests(EcomFixture fixture)
{
    private readonly EcomApi _api = new(fixture, () => fixture.WebhookSecret);

    private async Task<Purchase> OnlyPurchaseAsync(Guid userId)
    {
        await using var db = fixture.Db();
        return await db.Purchases.AsNoTracking().SingleAsync(p => p.UserId == userId);
    }

    [Fact]
    public async Task Receipt_OfAPaidPurchase_SaysWhatFromWhomWhenHowMuch_AndThePaymentsReference()
    {
        var (org, item) = await _api.PaidItemAsync(title: "Receipt Bread");
        var (buyer, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);
        var intent = EcomApi.PaymentIntentOf(session.SessionId);
        await _api.DeliverAsync(EcomApi.CompletedEvent(session.SessionId, intent));
        var purchase = await OnlyPurchaseAsync(buyer.Id);

        var response = await _api.SendAsync(HttpMethod.Get, $"/purchases/{purchase.Id}", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = (await response.ReadAsync<DataEnvelope<PurchaseReceiptDto>>()).Data;
        Assert.Equal((purchase.Id, item.Id, "Receipt Bread", item.Slug, ContentType.Written, org.Slug, org.Name, 500, "usd", PurchaseStatus.Completed),
            (receipt.Id, receipt.ContentId, receipt.ContentTitle, receipt.ContentSlug, receipt.ContentType, receipt.OrganizationSlug,
                receipt.OrganizationName, receipt.PriceCents, receipt.Currency, receipt.Status));
        Assert.NotNull(receipt.PurchasedAt);
        Assert.False(receipt.Complimentary);
        Assert.Equal(intent, receipt.PaymentReference);
        Assert.Equal((0, (DateTimeOffset?)null), (receipt.RefundedCents, receipt.RefundedAt));
    }

    [Fact]
    public async Task Receipt_OfAPartRefund_CarriesTheRefund()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);
        var intent = EcomApi.PaymentIntentOf(session.SessionId);
        await _api.DeliverAsync(EcomApi.CompletedEvent(session.SessionId, intent));
        await _api.DeliverAsync(EcomApi.RefundedEvent(intent, amountRefunded: 200));
        var purchase = await OnlyPurchaseAsync(buyer.Id);

        var receipt = (await (await _api.SendAsync(HttpMethod.Get, $"/purchases/{purchase.Id}", cookie)).ReadAsync<DataEnvelope<PurchaseReceiptDto>>()).Data;

        Assert.Equal((PurchaseStatus.Completed, 200), (receipt.Status, receipt.RefundedCents));
    }

    [Fact]
    public async Task Receipt_OfAnotherUsersPurchase_Returns404_AsAnUnknownOneDoes()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (owner, _) = await _api.BuyerAsync();
        var (_, stranger) = await _api.BuyerAsync();
        await _api.Data.PurchaseAsync(owner, item);
        var purchase = await OnlyPurchaseAsync(owner.Id);

        var theirs = await _api.SendAsync(HttpMethod.Get, $"/purchases/{purchase.Id}", stranger);
        var unknown = await _api.SendAsync(HttpMethod.Get, $"/purchases/{Guid.NewGuid()}", stranger);

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await theirs.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((await theirs.ErrorAsync()).Message, (await unknown.ErrorAsync()).Message);
    }

    [Fact]
    public async Task Receipt_WithoutASession_Returns401()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (owner, _) = await _api.BuyerAsync();
        await _api.Data.PurchaseAsync(owner, item);
        var purchase = await OnlyPurchaseAsync(owner.Id);

        var response = await _api.SendAsync(HttpMethod.Get, $"/purchases/{purchase.Id}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Receipt_WithAnIdThatIsNotAUuid_Returns400_NamingTheField()
    {
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.SendAsync(HttpMethod.Get, "/purchases/not-a-uuid", cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationError, (await response.ErrorAsync()).Code);
        Assert.Equal(["id"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Receipt_OfComplimentaryAccess_SaysSo_WithoutAPaymentReference()
    {
        var (org, item) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var admin = await _api.Data.UserAsync("Granting Admin");
        await using (var db = fixture.Db())
        {
            db.Purchases.Add(new Purchase
            {
                Id = Guid.NewGuid(), UserId = buyer.Id, ContentId = item.Id, OrganizationId = org.Id, PriceCents = 0, Currency = "usd",
                Status = PurchaseStatus.Completed, CheckoutSessionId = "grant_" + Guid.NewGuid().ToString("N"), GrantedById = admin.Id,
                PurchasedAt = fixture.Clock.GetUtcNow(), CreatedAt = fixture.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        var purchase = await OnlyPurchaseAsync(buyer.Id);

        var receipt = (await (await _api.SendAsync(HttpMethod.Get, $"/purchases/{purchase.Id}", cookie)).ReadAsync<DataEnvelope<PurchaseReceiptDto>>()).Data;

        Assert.True(receipt.Complimentary);
        Assert.Null(receipt.PaymentReference);
        Assert.Equal(0, receipt.PriceCents);
    }
}
