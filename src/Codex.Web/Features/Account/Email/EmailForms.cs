using Codex.Contracts.Auth;
using Codex.Contracts.Identity;
using FluentValidation;

namespace Codex.Web.Features.Account.Email;

public sealed class ChangeEmailForm
{
    public string? NewEmail { get; set; }
    public string? Password { get; set; }
}

public sealed class ChangeEmailFormValidator : AbstractValidator<ChangeEmailForm>
{
    public ChangeEmailFormValidator()
    {
        RuleFor(f => f.NewEmail).ValidEmail();
        RuleFor(f => f.Password).NotEmpty().WithMessage("Enter your password.").MaximumLength(AccountRules.PasswordMax);
    }
}

/// <summary>The confirmation page's one field: the token from the mailed link.</summary>
public sealed class ConfirmEmailForm
{
    public string? Token { get; set; }
}

public sealed class ConfirmEmailFormValidator : AbstractValidator<ConfirmEmailForm>
{
    public ConfirmEmailFormValidator() => RuleFor(f => f.Token).NotEmpty().WithMessage("The confirmation link is incomplete: open it from the email again.")
        .MaximumLength(200).WithMessage("The confirmation link is not one of ours: open it from the email again.");
}

/// <summary>/account/email: the current address, an address waiting for confirmation, and the form.</summary>
public sealed record EmailPageViewModel(ProfileDto Profile, ChangeEmailForm Form);
