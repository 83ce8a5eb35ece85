using Codex.Contracts.Auth;
using Codex.Contracts.Identity;
using FluentValidation;

namespace Codex.Web.Features.Account.Deletion;

public sealed class DeleteAccountForm
{
    public string? Confirmation { get; set; }
    public string? Password { get; set; }
}

/// <summary>The Identity-API's own rule (the exact word, the password), so a typo is caught before the password is checked.</summary>
public sealed class DeleteAccountFormValidator : AbstractValidator<DeleteAccountForm>
{
    public DeleteAccountFormValidator()
    {
        RuleFor(f => f.Confirmation).Equal(ProfileRules.DeleteWord, StringComparer.Ordinal)
            .WithMessage($"Type {ProfileRules.DeleteWord} in capital letters to confirm.");
        RuleFor(f => f.Password).NotEmpty().WithMessage("Enter your password.").MaximumLength(AccountRules.PasswordMax);
    }
}
