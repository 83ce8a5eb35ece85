using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.EcomApi;

[Collection(EcomCollection.Name)]
public sealed class WebhookTests(EcomFixture fixture)
{
    private readonly EcomApi _api = new(fixture, () => fixture.WebhookSecret);

    private async Task<(string SessionId, Guid ContentId, Guid BuyerId, string Cookie)> OpenSessionAsync()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);
        return (session.SessionId, item.Id, buyer.Id, cookie);
    }

    [Fact]
    public async Task Webhook_CheckoutCompleted_RecordsOnePurchase_CompletesTheSession_AndCountsIt()
    {
        var (sessionId, contentId, buyerId, _) = await OpenSessionAsync();
        var eventId = EcomApi.NewEventId();

        var response = await _api.DeliverAsync(EcomApi.CompletedEvent(sessionId, "pi_1", eventId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var purchase = Assert.Single(await _api.PurchasesOfSessionAsync(sessionId));
        Assert.Equal((buyerId, contentId, PurchaseStatus.Completed, "pi_1", 500), (purchase.UserId, purchase.ContentId, purchase.Status, purchase.PaymentIntentId, purchase.PriceCents));
        await using var db = fixture.Db();
        Assert.Equal(CheckoutStatus.Complete, (await db.CheckoutSessions.SingleAsync(s => s.Id == sessionId)).Status);
        Assert.Equal(1, (await db.Content.SingleAsync(c => c.Id == contentId)).PurchaseCount);
        Assert.NotNull((await db.WebhookEvents.SingleAsync(e => e.Id == eventId)).ProcessedAt);
    }

    [Fact]
    public async Task Webhook_TheSameEventFiveTimesInARow_RecordsOnePurchase()
    {
        var (sessionId, contentId, _, _) = await OpenSessionAsync();
        var payload = EcomApi.CompletedEvent(sessionId, "pi_row");

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await _api.DeliverAsync(payload)).StatusCode);

        Assert.Single(await _api.PurchasesOfSessionAsync(sessionId));
        await using var db = fixture.Db();
        Assert.Equal(1, (await db.Content.SingleAsync(c => c.Id == contentId)).PurchaseCount);
    }

    [Fact]
    public async Task Webhook_TheSameEventFiveTimesAtOnce_RecordsOnePurchase()
    {
        var (sessionId, contentId, _, _) = await OpenSessionAsync();
        var payload = EcomApi.CompletedEvent(sessionId, "pi_once");

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _api.DeliverAsync(payload)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await _api.PurchasesOfSessionAsync(sessionId));
        await using var db = fixture.Db();
        Assert.Equal(1, (await db.Content.SingleAsync(c => c.Id == contentId)).PurchaseCount);
    }

    [Fact]
    public async Task Webhook_FiveDifferentEventsForOneSessionAtOnce_RecordOnePurchase()
    {
        var (sessionId, contentId, _, _) = await OpenSessionAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _api.DeliverAsync(EcomApi.CompletedEvent(sessionId, "pi_many"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await _api.PurchasesOfSessionAsync(sessionId));
        await using var db = fixture.Db();
        Assert.Equal(1, (await db.Content.SingleAsync(c => c.Id == contentId)).PurchaseCount);
    }

    [Fact]
    public async Task Webhook_RefundAfterCheckout_RevokesThePurchase()
    {
        var (sessionId, _, _, cookie) = await OpenSessionAsync();
        await _api.DeliverAsync(EcomApi.CompletedEvent(sessionId, "pi_after_" + sessionId));

        Assert.Equal(HttpStatusCode.OK, (await _api.DeliverAsync(EcomApi.RefundedEvent("pi_after_" + sessionId))).StatusCode);

        var purchase = Assert.Single(await _api.PurchasesOfSessionAsync(sessionId));
        Assert.Equal(PurchaseStatus.Refunded, purchase.Status);
        Assert.NotNull(purchase.RefundedAt);
        Assert.Equal(PurchaseStatus.Refunded, (await _api.VerifyAsync(cookie, sessionId)).Purchase!.Status);
    }

    [Fact]
    public async Task Webhook_RefundBeforeCheckout_LeavesThePurchaseRefunded_AfterBoth()
    {
        var (sessionId, _, _, _) = await OpenSessionAsync();
        var paymentIntent = "pi_early_" + sessionId;

        Assert.Equal(HttpStatusCode.OK, (await _api.DeliverAsync(EcomApi.RefundedEvent(paymentIntent))).StatusCode);
        Assert.Empty(await _api.PurchasesOfSessionAsync(sessionId));
        Assert.Equal(HttpStatusCode.OK, (await _api.DeliverAsync(EcomApi.CompletedEvent(sessionId, paymentIntent))).StatusCode);

        var purchase = Assert.Single(await _api.PurchasesOfSessionAsync(sessionId));
        Assert.Equal(PurchaseStatus.Refunded, purchase.Status);
        Assert.NotNull(purchase.RefundedAt);
    }

    [Fact]
    public async Task Webhook_RefundedBeforeCheckout_TheBuyerMayBuyAgain_AndGetsNoReceipt()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);
        await _api.DeliverAsync(EcomApi.RefundedEvent("pi_noaccess_" + session.SessionId));
        await _api.DeliverAsync(EcomApi.CompletedEvent(session.SessionId, "pi_noaccess_" + session.SessionId));

        // No completed purchase, so no ALREADY_PURCHASED: the buyer does not own it.
        Assert.Equal(HttpStatusCode.OK, (await _api.CreateAsync(cookie, item.Id)).StatusCode);
        Assert.Empty(await Mailbox.MessagesToAsync(fixture, buyer.Email));
    }

    [Fact]
    public async Task Webhook_UnpaidCheckoutCompletion_RecordsNoPurchase()
    {
        var (sessionId, _, _, _) = await OpenSessionAsync();

        var response = await _api.DeliverAsync(EcomApi.CompletedEvent(sessionId, "pi_unpaid", paymentStatus: "unpaid"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await _api.PurchasesOfSessionAsync(sessionId));
    }

    [Fact]
    public async Task Webhook_ForASessionCodexDidNotCreate_IsAcknowledged_AndRecordsNothing()
    {
        var eventId = EcomApi.NewEventId();

        var response = await _api.DeliverAsync(EcomApi.CompletedEvent("cs_test_unknown" + Guid.NewGuid().ToString("N"), "pi_x", eventId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await _api.WebhookEventCountAsync(eventId));
    }

    [Fact]
    public async Task Webhook_WithoutASignature_Returns400_AndStoresNothing()
    {
        var eventId = EcomApi.NewEventId();

        var response = await _api.DeliverRawAsync(EcomApi.RefundedEvent("pi_nosig", eventId), signatureHeader: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Stripe-Signature"], await response.FieldErrorsAsync());
        Assert.Equal(0, await _api.WebhookEventCountAsync(eventId));
    }

    [Fact]
    public async Task Webhook_SignedWithAnotherSecret_Returns400_AndStoresNothing()
    {
        var (sessionId, _, _, _) = await OpenSessionAsync();
        var eventId = EcomApi.NewEventId();

        var response = await _api.DeliverAsync(EcomApi.CompletedEvent(sessionId, "pi_badsig", eventId), secret: "whsec_not_the_secret");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationError, (await response.ErrorAsync()).Code);
        Assert.Equal(0, await _api.WebhookEventCountAsync(eventId));
        Assert.Empty(await _api.PurchasesOfSessionAsync(sessionId));
    }

    [Fact]
    public async Task Webhook_WithATamperedBody_Returns400_AndStoresNothing()
    {
        var (sessionId, _, _, _) = await OpenSessionAsync();
        var eventId = EcomApi.NewEventId();
        var signed = EcomApi.CompletedEvent(sessionId, "pi_tamper", eventId);
        var header = Stripe.EventUtility.GenerateSignatureHeader(signed, fixture.WebhookSecret, fixture.Clock.GetUtcNow().ToUnixTimeSeconds());

        var response = await _api.DeliverRawAsync(signed.Replace("\"amount_total\":500", "\"amount_total\":1"), header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _api.WebhookEventCountAsync(eventId));
    }

    [Fact]
    public async Task Webhook_WithAStaleSignature_Returns400_AndStoresNothing()
    {
        var (sessionId, _, _, _) = await OpenSessionAsync();
        var eventId = EcomApi.NewEventId();

        var response = await _api.DeliverAsync(EcomApi.CompletedEvent(sessionId, "pi_stale", eventId),
            signedAt: fixture.Clock.GetUtcNow().AddSeconds(-301));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _api.WebhookEventCountAsync(eventId));
        Assert.Empty(await _api.PurchasesOfSessionAsync(sessionId));
    }

    [Fact]
    public async Task Webhook_WithAGarbledSignatureHeader_Returns400()
    {
        var response = await _api.DeliverRawAsync(EcomApi.RefundedEvent("pi_garbled"), "t=notanumber,v1=zz");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationError, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Webhook_ThatFailsToProcess_Answers500_AndIsProcessedWhenRetried()
    {
        var (sessionId, contentId, _, _) = await OpenSessionAsync();
        var eventId = EcomApi.NewEventId();
        var payload = EcomApi.CompletedEvent(sessionId, "pi_retry", eventId);
        // Make fulfilment fail: the session points at content that is not there (a foreign key the insert trips over).
        await using (var db = fixture.Db())
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE checkout_sessions SET \"ContentId\" = {Guid.NewGuid()} WHERE \"Id\" = {sessionId}");
        }

        var failed = await _api.DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        await using (var db = fixture.Db())
        {
            var logged = await db.WebhookEvents.SingleAsync(e => e.Id == eventId);
            Assert.Null(logged.ProcessedAt);
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE checkout_sessions SET \"ContentId\" = {contentId} WHERE \"Id\" = {sessionId}");
        }

        var retried = await _api.DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Single(await _api.PurchasesOfSessionAsync(sessionId));
        await using (var db = fixture.Db())
            Assert.NotNull((await db.WebhookEvents.SingleAsync(e => e.Id == eventId)).ProcessedAt);
    }
}
