using System.Collections.Concurrent;
using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.EcomApi;

/// <summary>A request Stripe.net sent: its form fields and headers.</summary>
public sealed record CapturedStripeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Ecom-API in Stripe mode (<c>Stripe:SecretKey</c> and <c>Stripe:WebhookSecret</c> set). Nothing leaves the machine:
/// <c>Stripe:ApiBase</c> points Stripe.net at a stand-in on loopback that records each request and answers with a
/// canned Checkout Session.
/// </summary>
public sealed class StripeFixture : SystemFixture, IAsyncLifetime
{
    public const string SecretKey = "sk_test_codex_fake";
    public const string Secret = "whsec_codex_tests_configured";
    private WebApplication? _stripe;

    public ConcurrentQueue<CapturedStripeRequest> Requests { get; } = new();

    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.EcomApi];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Stripe:SecretKey"] = SecretKey,
        ["Stripe:WebhookSecret"] = Secret,
        ["Stripe:ApiBase"] = _stripe!.Urls.First(),
    };

    async Task IAsyncLifetime.InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _stripe = builder.Build();
        _stripe.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Capture(request, form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            var id = "cs_test_stripe_" + Guid.NewGuid().ToString("N")[..16];
            return Results.Text(SessionJson(id, "open", "unpaid", null), "application/json");
        });
        // Retrieving a session: Stripe reports it paid (the buyer is back before the webhook).
        _stripe.MapGet("/v1/checkout/sessions/{id}", (string id) =>
            Results.Text(SessionJson(id, "complete", "paid", PaymentIntentOf(id)), "application/json"));
        // Expiring a session, and refunding a payment: recorded, answered as Stripe would.
        _stripe.MapPost("/v1/checkout/sessions/{id}/expire", (HttpRequest request, string id) =>
        {
            Capture(request, new Dictionary<string, string>());
            return Results.Text(SessionJson(id, "expired", "unpaid", null), "application/json");
        });
        _stripe.MapPost("/v1/refunds", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Capture(request, form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return Results.Text($$"""
                {"id":"re_{{Guid.NewGuid():N}}","object":"refund","amount":500,"currency":"usd","status":"succeeded",
                 "payment_intent":"{{form["payment_intent"]}}","reason":"{{form["reason"]}}"}
                """, "application/json");
        });
        await _stripe.StartAsync();
        await InitializeAsync();
    }

    private void Capture(HttpRequest request, Dictionary<string, string> form) =>
        Requests.Enqueue(new CapturedStripeRequest(request.Method, request.Path, form,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

    public static string PaymentIntentOf(string sessionId) => "pi_" + sessionId;

    private static string SessionJson(string id, string status, string paymentStatus, string? paymentIntent) => $$"""
        {"id":"{{id}}","object":"checkout.session","mode":"payment","status":"{{status}}","payment_status":"{{paymentStatus}}",
         "payment_intent":{{(paymentIntent is null ? "null" : "\"" + paymentIntent + "\"")}},
         "url":"https://checkout.stripe.com/c/pay/{{id}}","expires_at":{{DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds()}},
         "amount_total":500,"currency":"usd","livemode":false}
        """;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_stripe is not null) await _stripe.DisposeAsync();
    }
}

public sealed class StripeModeTests(StripeFixture fixture) : IClassFixture<StripeFixture>
{
    private readonly EcomApi _api = new(fixture, () => StripeFixture.Secret);

    [Fact]
    public async Task Create_SendsStripeACheckoutSessionForTheItem_WithAnIdempotencyKey_AndReturnsStripesUrl()
    {
        var (_, item) = await _api.PaidItemAsync(title: "Pastry & Pie");
        var (buyer, cookie) = await _api.BuyerAsync();

        var session = await _api.CreateSessionAsync(cookie, item.Id, idempotencyKey: "retry-me");

        Assert.StartsWith("cs_test_stripe_", session.SessionId);
        Assert.Equal($"https://checkout.stripe.com/c/pay/{session.SessionId}", session.SessionUrl);
        var sent = Assert.Single(fixture.Requests, r => r.Form["metadata[contentId]"] == item.Id.ToString());
        Assert.Equal(("POST", "/v1/checkout/sessions"), (sent.Method, sent.Path));
        Assert.Equal("payment", sent.Form["mode"]);
        Assert.Equal("1", sent.Form["line_items[0][quantity]"]);
        Assert.Equal("usd", sent.Form["line_items[0][price_data][currency]"]);
        Assert.Equal("500", sent.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("Pastry & Pie", sent.Form["line_items[0][price_data][product_data][name]"]);
        Assert.Equal(buyer.Id.ToString(), sent.Form["client_reference_id"]);
        Assert.Equal(buyer.Id.ToString(), sent.Form["metadata[userId]"]);
        Assert.Equal(item.Id.ToString(), sent.Form["metadata[contentId]"]);
        Assert.Equal(EcomApi.SuccessUrl, sent.Form["success_url"]);
        Assert.Equal(EcomApi.CancelUrl, sent.Form["cancel_url"]);
        Assert.Equal("Bearer " + StripeFixture.SecretKey, sent.Headers["Authorization"]);
        Assert.StartsWith("codex-checkout-", sent.Headers["Idempotency-Key"]);

        // A webhook signed with the configured secret fulfils the Stripe session.
        var response = await _api.DeliverAsync(EcomApi.CompletedEvent(session.SessionId, "pi_stripe_1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var purchase = Assert.Single(await _api.PurchasesOfSessionAsync(session.SessionId));
        Assert.Equal((buyer.Id, item.Id, PurchaseStatus.Completed), (purchase.UserId, purchase.ContentId, purchase.Status));

        // A webhook signed with anything else is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.DeliverAsync(EcomApi.RefundedEvent("pi_stripe_1"), secret: "whsec_other")).StatusCode);
        // The offline test checkout does not exist in Stripe mode.
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.GetAsync($"/checkout/test/{session.SessionId}")).StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(CheckoutStatus.Complete, (await db.CheckoutSessions.SingleAsync(s => s.Id == session.SessionId)).Status);
    }

    [Fact]
    public async Task Verify_WhenStripeReportsTheSessionPaidBeforeTheWebhook_FulfilsIt_AndTheLateWebhookAddsNothing()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);

        var verified = await _api.VerifyAsync(cookie, session.SessionId);

        Assert.Equal(CheckoutStatus.Complete, verified.Status);
        Assert.Equal(PurchaseStatus.Completed, verified.Purchase!.Status);
        var late = await _api.DeliverAsync(EcomApi.CompletedEvent(session.SessionId, StripeFixture.PaymentIntentOf(session.SessionId)));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var purchase = Assert.Single(await _api.PurchasesOfSessionAsync(session.SessionId));
        Assert.Equal(StripeFixture.PaymentIntentOf(session.SessionId), purchase.PaymentIntentId);
        Assert.Single(await Mailbox.MessagesToAsync(fixture, buyer.Email));
    }

    [Fact]
    public async Task ASecondSession_ExpiresTheFirstAtStripe_AndAPaymentForAnOwnedItem_IsRefundedThroughStripe_AsADuplicate()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var first = await _api.CreateSessionAsync(cookie, item.Id);

        var second = await _api.CreateSessionAsync(cookie, item.Id);

        var expired = Assert.Single(fixture.Requests, r => r.Path == $"/v1/checkout/sessions/{first.SessionId}/expire");
        Assert.Equal("POST", expired.Method);
        Assert.DoesNotContain(fixture.Requests, r => r.Path == $"/v1/checkout/sessions/{second.SessionId}/expire");

        // Both were paid all the same (the first one a moment before it expired): the buyer is charged once.
        Assert.Equal(HttpStatusCode.OK, (await _api.DeliverAsync(EcomApi.CompletedEvent(first.SessionId, "pi_first_" + first.SessionId))).StatusCode);
        var paid = EcomApi.CompletedEvent(second.SessionId, "pi_second_" + second.SessionId, eventId: "evt_second_" + second.SessionId);
        Assert.Equal(HttpStatusCode.OK, (await _api.DeliverAsync(paid)).StatusCode);

        var refund = Assert.Single(fixture.Requests, r => r.Path == "/v1/refunds" && r.Form["payment_intent"] == "pi_second_" + second.SessionId);
        Assert.Equal("duplicate", refund.Form["reason"]);
        Assert.Equal("codex-duplicate-" + second.SessionId, refund.Headers["Idempotency-Key"]);
        Assert.Equal(PurchaseStatus.Completed, Assert.Single(await _api.PurchasesOfSessionAsync(first.SessionId)).Status);
        var duplicate = Assert.Single(await _api.PurchasesOfSessionAsync(second.SessionId));
        Assert.Equal((PurchaseStatus.Refunded, "duplicate", 500), (duplicate.Status, duplicate.RefundReason, duplicate.RefundedCents));

        // Stripe's retry of the same event asks for no second refund.
        Assert.Equal(HttpStatusCode.OK, (await _api.DeliverAsync(paid)).StatusCode);
        Assert.Single(fixture.Requests, r => r.Path == "/v1/refunds" && r.Form["payment_intent"] == "pi_second_" + second.SessionId);
    }
}
