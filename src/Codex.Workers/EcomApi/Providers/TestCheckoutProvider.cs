using System.Security.Cryptography;

namespace Codex.Workers.EcomApi.Providers;

/// <summary>
/// The offline test checkout: sessions live only in our table, the buyer pays on the worker's own TEST MODE page
/// (<c>/checkout/test/{id}</c>, reached through the site), and paying delivers a Stripe-signed webhook.
/// </summary>
public sealed class TestCheckoutProvider(EcomSettings settings) : ICheckoutProvider
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

    /// <summary>No money moved in test mode, so none goes back; the caller records the refund.</summary>
    public Task RefundAsync(string paymentIntentId, string reason, string idempotencyKey, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The payment of a test session: stable, so a double-submitted Pay names one payment.</summary>
    public static string PaymentIntentOf(string sessionId) => "pi_test_" + sessionId["cs_test_".Length..];
}
