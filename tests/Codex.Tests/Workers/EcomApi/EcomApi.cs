using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Codex.Contracts;
using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.EcomApi;

/// <summary>Calls to the Ecom-API with an explicit session cookie, Stripe-shaped events, and the rows the calls need.</summary>
public sealed class EcomApi(SystemFixture fixture, Func<string> webhookSecret)
{
    public const string SuccessUrl = "http://localhost:5000/checkout/success?session_id={CHECKOUT_SESSION_ID}";
    public const string CancelUrl = "http://localhost:5000/o/x/content/y?checkout=cancelled";

    public TestData Data { get; } = new(fixture);
    public HttpClient Client { get; } = fixture.Client(Role.EcomApi);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie = null, object? body = null,
        string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (idempotencyKey is not null) request.Headers.Add(Idempotency.Header, idempotencyKey);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> CreateAsync(string? cookie, Guid contentId, string? idempotencyKey = null,
        string successUrl = SuccessUrl, string cancelUrl = CancelUrl) =>
        SendAsync(HttpMethod.Post, "/checkout/create", cookie, new CreateCheckoutRequest(contentId, successUrl, cancelUrl), idempotencyKey);

    /// <summary>A new checkout session for <paramref name="cookie"/>'s user, asserting it was created.</summary>
    public async Task<CheckoutSessionDto> CreateSessionAsync(string cookie, Guid contentId, string? idempotencyKey = null)
    {
        var response = await CreateAsync(cookie, contentId, idempotencyKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<CheckoutSessionDto>>()).Data;
    }

    public async Task<CheckoutVerifyDto> VerifyAsync(string cookie, string sessionId)
    {
        var response = await SendAsync(HttpMethod.Get, "/checkout/verify?session_id=" + Uri.EscapeDataString(sessionId), cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<CheckoutVerifyDto>>()).Data;
    }

    /// <summary>A published $5.00 item in a new organization (no settings row: purchases on by default).</summary>
    public async Task<(Organization Org, ContentItem Item)> PaidItemAsync(AccessType access = AccessType.Paid,
        ContentStatus status = ContentStatus.Published, string title = "Sourdough Basics")
    {
        var org = await Data.OrganizationAsync();
        var creator = await Data.UserAsync("Creator");
        var item = await Data.ContentAsync(org, creator, title, access: access, status: status);
        return (org, item);
    }

    public async Task<(User User, string Cookie)> BuyerAsync()
    {
        var user = await Data.UserAsync("Buyer");
        return (user, await Data.SessionCookieAsync(user));
    }

    /// <summary>POSTs a body to the webhook with a <c>Stripe-Signature</c> made by Stripe.net's own test helper.</summary>
    public Task<HttpResponseMessage> DeliverAsync(string payload, string? secret = null, DateTimeOffset? signedAt = null)
    {
        var header = Stripe.EventUtility.GenerateSignatureHeader(payload, secret ?? webhookSecret(),
            (signedAt ?? fixture.Clock.GetUtcNow()).ToUnixTimeSeconds());
        return DeliverRawAsync(payload, header);
    }

    public Task<HttpResponseMessage> DeliverRawAsync(string payload, string? signatureHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signatureHeader is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signatureHeader);
        return Client.SendAsync(request);
    }

    public static string NewEventId() => "evt_test_" + Guid.NewGuid().ToString("N");

    public static string PaymentIntentOf(string sessionId) => "pi_test_" + sessionId["cs_test_".Length..];

    /// <summary>A <c>checkout.session.completed</c> event in Stripe's shape.</summary>
    public static string CompletedEvent(string sessionId, string paymentIntentId, string? eventId = null, string paymentStatus = "paid") =>
        Event(eventId ?? NewEventId(), "checkout.session.completed", new JsonObject
        {
            ["id"] = sessionId, ["object"] = "checkout.session", ["mode"] = "payment", ["status"] = "complete",
            ["payment_status"] = paymentStatus, ["payment_intent"] = paymentIntentId, ["amount_total"] = 500, ["currency"] = "usd",
        });

    /// <summary>
    /// A <c>charge.refunded</c> event: the $5.00 charge of <paramref name="paymentIntentId"/>, refunded in full or, with
    /// <paramref name="amountRefunded"/> below 500, in part (Stripe then says <c>refunded: false</c>).
    /// </summary>
    public static string RefundedEvent(string paymentIntentId, string? eventId = null, int amountRefunded = 500) =>
        Event(eventId ?? NewEventId(), "charge.refunded", new JsonObject
        {
            ["id"] = "ch_test_" + Guid.NewGuid().ToString("N")[..20], ["object"] = "charge", ["amount"] = 500, ["amount_refunded"] = amountRefunded,
            ["currency"] = "usd", ["paid"] = true, ["refunded"] = amountRefunded >= 500, ["payment_intent"] = paymentIntentId, ["status"] = "succeeded",
        });

    /// <summary>A <c>charge.dispute.created</c> (status <c>needs_response</c>) or <c>charge.dispute.closed</c> (<c>won</c>, <c>lost</c>) event.</summary>
    public static string DisputeEvent(string paymentIntentId, string type, string status, string? eventId = null) =>
        Event(eventId ?? NewEventId(), type, new JsonObject
        {
            ["id"] = "dp_test_" + Guid.NewGuid().ToString("N")[..20], ["object"] = "dispute", ["amount"] = 500, ["currency"] = "usd",
            ["charge"] = "ch_test_" + Guid.NewGuid().ToString("N")[..20], ["payment_intent"] = paymentIntentId, ["reason"] = "fraudulent",
            ["status"] = status,
        });

    private static string Event(string id, string type, JsonObject dataObject) => new JsonObject
    {
        ["id"] = id, ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["livemode"] = false, ["pending_webhooks"] = 1, ["type"] = type,
        ["data"] = new JsonObject { ["object"] = dataObject },
    }.ToJsonString();

    public async Task<List<Purchase>> PurchasesOfSessionAsync(string sessionId)
    {
        await using var db = fixture.Db();
        return await db.Purchases.AsNoTracking().Where(p => p.CheckoutSessionId == sessionId).ToListAsync();
    }

    public async Task<int> WebhookEventCountAsync(string eventId)
    {
        await using var db = fixture.Db();
        return await db.WebhookEvents.CountAsync(e => e.Id == eventId);
    }

    public async Task SetPurchasesEnabledAsync(Organization org, bool enabled)
    {
        await using var db = fixture.Db();
        db.OrganizationSettings.Add(new OrganizationSettings { OrganizationId = org.Id, EnablePurchases = enabled, UpdatedAt = fixture.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }
}
