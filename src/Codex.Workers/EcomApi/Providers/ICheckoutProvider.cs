namespace Codex.Workers.EcomApi.Providers;

/// <summary>What a checkout session is for.</summary>
public sealed record CheckoutRequest(Guid UserId, string Email, Guid ContentId, string Title, int AmountCents, string Currency,
    string SuccessUrl, string CancelUrl, string IdempotencyKey);

/// <summary>A session the provider created: where to send the buyer.</summary>
public sealed record CreatedSession(string Id, string Url, DateTimeOffset? ExpiresAt);

/// <summary>The provider's view of a session: paid (with its payment), expired, or still open.</summary>
public sealed record ProviderSessionStatus(bool Paid, bool Expired, string? PaymentIntentId);

/// <summary>
/// A refund of one payment. <see cref="AmountCents"/> null gives back all that is left. <see cref="ChargedCents"/> and
/// <see cref="AlreadyRefundedCents"/> are what Codex knows of the payment (Stripe knows them itself; the offline
/// provider builds its <c>charge.refunded</c> event from them). <see cref="Reason"/> is Stripe's (<c>duplicate</c>,
/// <c>requested_by_customer</c>, ...); <see cref="Note"/> the person's own words, kept in the refund's metadata.
/// </summary>
public sealed record ProviderRefund(string PaymentIntentId, int ChargedCents, int AlreadyRefundedCents, int? AmountCents, string Reason,
    string IdempotencyKey, string? Note = null)
{
    /// <summary>How much this refund gives back.</summary>
    public int Amount => AmountCents ?? Math.Max(0, ChargedCents - AlreadyRefundedCents);
}

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
    /// Gives a payment back, whole or in part; the same idempotency key never refunds twice, and a payment already
    /// refunded is not an error. The purchase changes when the provider's <c>charge.refunded</c> event arrives at the
    /// webhook (at once for the offline provider, which sends it itself).
    /// </summary>
    Task RefundAsync(ProviderRefund refund, CancellationToken ct);
}
