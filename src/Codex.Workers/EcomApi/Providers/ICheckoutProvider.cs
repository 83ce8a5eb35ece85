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

    /// <summary>Closes an open session so that it can no longer be paid; a session already paid or closed is left as it is.</summary>
    Task ExpireSessionAsync(string sessionId, CancellationToken ct);

    /// <summary>
    /// Gives a whole payment back (<paramref name="reason"/>: Stripe's <c>duplicate</c>, <c>requested_by_customer</c>, ...);
    /// the same <paramref name="idempotencyKey"/> never refunds twice, and a payment already refunded is not an error.
    /// </summary>
    Task RefundAsync(string paymentIntentId, string reason, string idempotencyKey, CancellationToken ct);
}
