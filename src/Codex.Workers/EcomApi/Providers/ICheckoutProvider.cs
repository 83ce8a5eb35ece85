namespace Codex.Workers.EcomApi.Providers;

/// <summary>What a checkout session is for.</summary>
public sealed record CheckoutRequest(Guid UserId, string Email, Guid ContentId, string Title, int AmountCents, string Currency,
    string SuccessUrl, string CancelUrl, string IdempotencyKey);

/// <summary>A session the provider created: where to send the buyer.</summary>
public sealed record CreatedSession(string Id, string Url, DateTimeOffset? ExpiresAt);

/// <summary>The provider's view of a session: paid (with its payment), expired, or still open.</summary>
public sealed record ProviderSessionStatus(bool Paid, bool Expired, string? PaymentIntentId);

/// <summary>
/// The one seam between the two modes: Stripe Checkout (Stripe.net) when <c>Stripe:SecretKey</c> is set, the worker's
/// own offline test checkout otherwise. Both end in the same signed webhook and the same fulfilment.
/// </summary>
public interface ICheckoutProvider
{
    Task<CreatedSession> CreateSessionAsync(CheckoutRequest request, CancellationToken ct);

    /// <summary>Asks the provider whether an open session was paid (for <c>/checkout/verify</c> before the webhook).</summary>
    Task<ProviderSessionStatus> GetSessionStatusAsync(string sessionId, CancellationToken ct);
}
