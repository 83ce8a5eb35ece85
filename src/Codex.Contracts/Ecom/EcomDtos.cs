using FluentValidation;

namespace Codex.Contracts.Ecom;

/// <summary><c>POST /checkout/create</c>. <c>successUrl</c> may carry Stripe's <c>{CHECKOUT_SESSION_ID}</c> placeholder.</summary>
public sealed record CreateCheckoutRequest(Guid? ContentId, string? SuccessUrl, string? CancelUrl);

/// <summary>Where to send the buyer, and the session to verify afterwards.</summary>
public sealed record CheckoutSessionDto(string SessionUrl, string SessionId);

/// <summary>
/// A purchase as the buyer sees it. <c>RefundedCents</c> (added in v2): how much went back; above zero with status
/// <c>completed</c> it is a partial refund, and access is kept.
/// </summary>
public sealed record PurchaseDto(Guid Id, Guid ContentId, string ContentTitle, string ContentSlug, string OrganizationSlug,
    int PriceCents, string Currency, PurchaseStatus Status, DateTimeOffset? PurchasedAt, DateTimeOffset? RefundedAt, int RefundedCents = 0);

/// <summary>
/// <c>GET /purchases/{id}</c> (added in v3): one purchase of the caller as a receipt: what was bought, from which
/// organization, when, how much, its status and refund, and the references to quote when asking about it.
/// <c>Complimentary</c>: access granted by the organization (price 0, no payment). <c>PaymentReference</c>: the payment
/// provider's reference (Stripe's payment intent, else its checkout session); null for complimentary access.
/// </summary>
public sealed record PurchaseReceiptDto(Guid Id, Guid ContentId, string ContentTitle, string ContentSlug, ContentType ContentType,
    string OrganizationSlug, string OrganizationName, int PriceCents, string Currency, PurchaseStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? PurchasedAt, DateTimeOffset? RefundedAt, int RefundedCents, bool Complimentary,
    string? PaymentReference);

/// <summary><c>GET /checkout/verify</c>: the session's state and, once paid, the purchase.</summary>
public sealed record CheckoutVerifyDto(CheckoutStatus Status, PurchaseDto? Purchase);

/// <summary>The idempotency header of writes a retry could double.</summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
}

public sealed class CreateCheckoutRequestValidator : AbstractValidator<CreateCheckoutRequest>
{
    public CreateCheckoutRequestValidator()
    {
        RuleFor(r => r.ContentId).NotNull().WithMessage("Name the content to buy.");
        RuleFor(r => r.SuccessUrl).NotEmpty().Must(BeAbsoluteHttp).WithMessage("Must be an absolute http(s) URL.");
        RuleFor(r => r.CancelUrl).NotEmpty().Must(BeAbsoluteHttp).WithMessage("Must be an absolute http(s) URL.");
    }

    private static bool BeAbsoluteHttp(string? url) =>
        url is not null && url.Length <= 2048 && Uri.TryCreate(url.Replace("{CHECKOUT_SESSION_ID}", "x"), UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http";
}

/// <summary>The query of <c>GET /purchases</c>.</summary>
public sealed record PurchaseListQuery(int Page = 1, int Limit = Paging.DefaultLimit);

public sealed class PurchaseListQueryValidator : AbstractValidator<PurchaseListQuery>
{
    public PurchaseListQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
    }
}

/// <summary>The answer of <c>POST /webhooks/stripe</c> to a verified event.</summary>
public sealed record WebhookReceiptDto(string EventId, bool Duplicate);
