using Stripe;
using Stripe.Checkout;

namespace Codex.Workers.EcomApi.Providers;

/// <summary>Real Stripe Checkout through Stripe.net, over the named <c>stripe</c> HttpClient.</summary>
public sealed class StripeCheckoutProvider(IHttpClientFactory httpFactory, EcomSettings settings) : ICheckoutProvider
{
    public const string HttpClientName = "stripe";

    private StripeClient Client() => new(settings.StripeSecretKey!,
        httpClient: new SystemNetHttpClient(httpFactory.CreateClient(HttpClientName)),
        apiBase: settings.StripeApiBase);

    private SessionService Sessions() => new(Client());

    public async Task<CreatedSession> CreateSessionAsync(CheckoutRequest request, CancellationToken ct)
    {
        var metadata = new Dictionary<string, string>
        {
            ["userId"] = request.UserId.ToString(),
            ["contentId"] = request.ContentId.ToString(),
        };
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency,
                        UnitAmount = request.AmountCents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Title },
                    },
                },
            ],
            ClientReferenceId = request.UserId.ToString(),
            CustomerEmail = request.Email,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
        };
        var session = await Sessions().CreateAsync(options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, ct);
        return new CreatedSession(session.Id, session.Url, session.ExpiresAt == default ? null : new DateTimeOffset(session.ExpiresAt, TimeSpan.Zero));
    }

    public async Task<ProviderSessionStatus> GetSessionStatusAsync(string sessionId, CancellationToken ct)
    {
        var session = await Sessions().GetAsync(sessionId, cancellationToken: ct);
        return new ProviderSessionStatus(
            session.PaymentStatus is "paid" or "no_payment_required",
            session.Status == "expired",
            session.PaymentIntentId);
    }

    public async Task ExpireSessionAsync(string sessionId, CancellationToken ct)
    {
        try
        {
            await Sessions().ExpireAsync(sessionId, cancellationToken: ct);
        }
        catch (StripeException e) when (e.HttpStatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.NotFound)
        {
            // Already complete or expired: a payment that got through is refunded as a duplicate when it arrives.
        }
    }

    public async Task RefundAsync(ProviderRefund refund, CancellationToken ct)
    {
        var options = new RefundCreateOptions { PaymentIntent = refund.PaymentIntentId, Reason = refund.Reason, Amount = refund.AmountCents };
        if (refund.Note is { } note) options.Metadata = new Dictionary<string, string> { ["note"] = note.Length > 500 ? note[..500] : note };
        try
        {
            await new RefundService(Client()).CreateAsync(options, new RequestOptions { IdempotencyKey = refund.IdempotencyKey }, ct);
        }
        catch (StripeException e) when (e.StripeError?.Code == "charge_already_refunded")
        {
            // Refunded already (by hand in Stripe's dashboard, or by an earlier try whose answer was lost).
        }
    }
}
