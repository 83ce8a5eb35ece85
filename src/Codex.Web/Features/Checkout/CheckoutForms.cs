using FluentValidation;

namespace Codex.Web.Features.Checkout;

/// <summary>The Buy button's form on a content page.</summary>
public sealed class BuyForm
{
    public Guid? ContentId { get; set; }
    /// <summary>One key per rendered button: a double click or a resubmission makes one checkout session.</summary>
    public string? IdempotencyKey { get; set; }
    /// <summary>The content page to come back to (a local path).</summary>
    public string? ReturnPath { get; set; }
}

public sealed class BuyFormValidator : AbstractValidator<BuyForm>
{
    public BuyFormValidator()
    {
        RuleFor(f => f.ContentId).NotNull();
        RuleFor(f => f.IdempotencyKey).NotEmpty().MaximumLength(100);
    }
}

/// <summary>/checkout/success: the state of the buyer's session.</summary>
public sealed record CheckoutSuccessViewModel(string SessionId, Codex.Contracts.Ecom.CheckoutVerifyDto Verify)
{
    public string SelfUrl => SiteRoutes.CheckoutSuccess + "?session_id=" + Uri.EscapeDataString(SessionId);

    /// <summary>Still waiting for the payment: the page listens to <c>/events</c> for purchase-completed (issue 16).</summary>
    public bool Waiting => Verify.Purchase is null && Verify.Status != CheckoutStatus.Expired;
}

/// <summary><c>/checkout/buy</c>: the item about to be bought, its page, and the Buy button's idempotency key.</summary>
public sealed record ConfirmBuyViewModel(Codex.Contracts.Content.ContentDto Item, string ContentPath, string BuyKey);
