using Codex.Contracts.Auth;
using FluentValidation;

namespace Codex.Web.Features.Account;

public sealed class ProfileForm
{
    public string? Name { get; set; }
}

public sealed class ProfileFormValidator : AbstractValidator<ProfileForm>
{
    public ProfileFormValidator() => RuleFor(f => f.Name).ValidName();
}

public sealed class ChangePasswordForm
{
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
}

public sealed class ChangePasswordFormValidator : AbstractValidator<ChangePasswordForm>
{
    public ChangePasswordFormValidator()
    {
        RuleFor(f => f.CurrentPassword).NotEmpty().WithMessage("Enter your current password.");
        RuleFor(f => f.NewPassword).ValidPassword();
    }
}

/// <summary>/account: who you are, and the two forms; <paramref name="FailedForm"/> is the id of the one whose errors are shown.</summary>
public sealed record AccountViewModel(string Email, ProfileForm Profile, ChangePasswordForm Password, string? FailedForm = null)
{
    /// <summary>The hidden <c>Section</c> value of each form (both post to <c>/account</c>).</summary>
    public const string NameSection = "name";
    public const string PasswordSection = "password";
}
