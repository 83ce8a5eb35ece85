using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Codex.Workers.EcomApi.Webhooks;
using Stripe;

namespace Codex.Workers.EcomApi.Providers;

/// <summary>
/// The offline test checkout: sessions live only in our table, the buyer pays on the worker's own TEST MODE page
/// (<c>/checkout/test/{id}</c>, reached through the site), and paying delivers a Stripe-signed webhook. A refund
/// delivers a signed <c>charge.refunded</c> the same way, so it changes the purchase through the webhook, as Stripe's would.
/// </summary>
public sealed class TestCheckoutProvider(EcomSettings settings, SignedDelivery delivery, TimeProvider clock) : ICheckoutProvider
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public Task<CreatedSession> CreateSessionAsync(CheckoutRequest request, CancellationToken ct)
    {
        var id = "cs_test_" + RandomNumberGenerator.GetString(Alphabet, 24);
        return Task.FromResult(new CreatedSession(id, settings.PublicUrl + RouteTemplate.Fill(EcomRoutes.TestCheckoutPage, id), null));
    }

    /// <summary>Payment only ever arrives through the webhook in test mode, so the provider has nothing to add.</summary>
    public Task<ProviderSessionStatus> GetSessionStatusAsync(string sessionId, CancellationToken ct) =>
        Task.FromResult(new ProviderSessionStatus(false, false, null));

    /// <summary>A test session is only a row of ours, which the caller marks expired; there is nothing else to close.</summary>
    public Task ExpireSessionAsync(string sessionId, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// No money moved in test mode, so none goes back; the refund is announced as Stripe would announce it, by a signed
    /// <c>charge.refunded</c> (its cumulative <c>amount_refunded</c>) delivered to the webhook. The event's id comes from
    /// the idempotency key, so a repeated key is a replay the webhook ignores: one refund, as at Stripe.
    /// </summary>
    public async Task RefundAsync(ProviderRefund refund, CancellationToken ct)
    {
        var payload = RefundedEvent(refund, clock.GetUtcNow());
        var status = await delivery.DeliverAsync(payload, ct);
        if (status is < 200 or > 299)
            throw new InvalidOperationException($"The test refund's webhook was refused ({status}).");
    }

    /// <summary>The payment of a test session: stable, so a double-submitted Pay names one payment.</summary>
    public static string PaymentIntentOf(string sessionId) => "pi_test_" + sessionId["cs_test_".Length..];

    /// <summary>A <c>charge.refunded</c> event as Stripe sends it after <paramref name="refund"/> (the fields Codex and Stripe.net read).</summary>
    public static string RefundedEvent(ProviderRefund refund, DateTimeOffset now)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refund.PaymentIntentId + "\n" + refund.IdempotencyKey)));
        var refunded = Math.Min(refund.ChargedCents, refund.AlreadyRefundedCents + refund.Amount);
        return new JsonObject
        {
            ["id"] = "evt_test_refund_" + key[..32],
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = now.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = EventTypes.ChargeRefunded,
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = "ch_test_" + key[32..56],
                    ["object"] = "charge",
                    ["amount"] = refund.ChargedCents,
                    ["amount_refunded"] = refunded,
                    ["currency"] = EcomSettings.Currency,
                    ["paid"] = true,
                    ["refunded"] = refunded >= refund.ChargedCents,
                    ["payment_intent"] = refund.PaymentIntentId,
                    ["status"] = "succeeded",
                    ["livemode"] = false,
                    ["metadata"] = new JsonObject { ["reason"] = refund.Reason },
                },
            },
        }.ToJsonString();
    }
}
