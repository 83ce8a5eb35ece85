using System.Globalization;
using Codex.Contracts.Admin;
using Codex.Web.Features.Studio.Content;
using FluentValidation;

namespace Codex.Web.Features.Studio.Sales;

/// <summary>The query of the sales page: the period (7, 30 or 90 days), the customers search and page, as typed.</summary>
public sealed class SalesQueryForm
{
    public static readonly int[] Periods = [7, 30, 90];
    public const int DefaultDays = 30;

    public string? Days { get; set; }
    public string? Q { get; set; }
    public string? Page { get; set; }

    public int DaysValue => int.TryParse(Days, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && Periods.Contains(days) ? days : DefaultDays;
    public int PageValue => int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1;
    public string? Search => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();

    /// <summary>The URL of this query on <paramref name="basePath"/>, at customers page <paramref name="page"/>.</summary>
    public string UrlFor(string basePath, int page)
    {
        var parts = new List<string>();
        if (DaysValue != DefaultDays) parts.Add("days=" + DaysValue.ToString(CultureInfo.InvariantCulture));
        if (Search is { } q) parts.Add("q=" + Uri.EscapeDataString(q));
        if (page != 1) parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? basePath : basePath + "?" + string.Join('&', parts);
    }
}

public sealed class SalesQueryFormValidator : AbstractValidator<SalesQueryForm>
{
    public SalesQueryFormValidator()
    {
        RuleFor(f => f.Days).Must(d => string.IsNullOrWhiteSpace(d)
                || (int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && SalesQueryForm.Periods.Contains(days)))
            .WithMessage("Choose 7, 30 or 90 days.");
        RuleFor(f => f.Q).MaximumLength(255).WithMessage("Use at most 255 characters to search.");
        RuleFor(f => f.Page)
            .Must(p => string.IsNullOrWhiteSpace(p)
                || (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage))
            .WithMessage($"Page must be a number from 1 to {Paging.MaxPage}.");
    }
}

/// <summary>
/// "Give complimentary access": a person's email and one of the organization's paid items, typed as its title or its
/// address (suggested by a datalist, resolved by the server, however many items there are) or sent as its id.
/// </summary>
public sealed class GrantForm
{
    public const int ItemMax = 300;

    public string? Email { get; set; }
    /// <summary>The item as typed: its title, its address (<c>…/slug</c>) or its id.</summary>
    public string? Item { get; set; }
    /// <summary>The item's id, when a client sends it as such.</summary>
    public string? ContentId { get; set; }

    public Guid? ContentIdValue => Guid.TryParse(ContentId, out var id) ? id : Guid.TryParse(Item?.Trim(), out var typed) ? typed : null;

    public GrantRequest ToRequest(Guid contentId) => new(null, Email?.Trim(), contentId);
}

public sealed class GrantFormValidator : AbstractValidator<GrantForm>
{
    public GrantFormValidator()
    {
        RuleFor(f => f.Email).Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage("Enter the email address of the person to give access to.")
            .MaximumLength(Contracts.Auth.AccountRules.EmailMax).WithMessage($"Use at most {Contracts.Auth.AccountRules.EmailMax} characters.");
        RuleFor(f => f.Email!.Trim()).EmailAddress().OverridePropertyName(nameof(GrantForm.Email))
            .When(f => !string.IsNullOrWhiteSpace(f.Email)).WithMessage("Enter an email address like name@example.com.");
        RuleFor(f => f.Item).Must((f, item) => f.ContentIdValue is not null || !string.IsNullOrWhiteSpace(item))
            .WithMessage("Type the title or the address of the paid item to give access to.")
            .MaximumLength(GrantForm.ItemMax).WithMessage($"Use at most {GrantForm.ItemMax} characters.");
    }
}

/// <summary>
/// The refund confirmation: why, and optionally how much in dollars (the rest of the payment when blank). The key is
/// rendered into the form once, so a double submit is one refund.
/// </summary>
public sealed class RefundForm
{
    public string? Reason { get; set; }
    public string? Amount { get; set; }
    public string? IdempotencyKey { get; set; }

    /// <summary>The amount in cents, null for "all that is left" (or when it is not a number of dollars).</summary>
    public int? AmountCents => !string.IsNullOrWhiteSpace(Amount) && ContentForm.TryCents(Amount, out var cents) ? cents : null;

    public RefundRequest ToRequest() => new(Reason?.Trim(), AmountCents);
}

public sealed class RefundFormValidator : AbstractValidator<RefundForm>
{
    public RefundFormValidator()
    {
        RuleFor(f => f.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Say why this purchase is refunded.")
            .MaximumLength(RefundRequestValidator.ReasonMax).WithMessage($"Use at most {RefundRequestValidator.ReasonMax} characters.");
        RuleFor(f => f.Amount).Must(a => string.IsNullOrWhiteSpace(a) || (ContentForm.TryCents(a, out var cents) && cents > 0))
            .WithMessage("Enter an amount in dollars, like 2.50, or leave it blank to refund all that is left.");
    }
}
