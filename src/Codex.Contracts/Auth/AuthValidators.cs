using FluentValidation;

namespace Codex.Contracts.Auth;

/// <summary>The account rules of the contract, shared by the Auth worker and the site's forms.</summary>
public static class AccountRules
{
    public const int PasswordMin = 8;
    public const int PasswordMax = 128;
    public const int NameMax = 100;
    public const int EmailMax = 254;

    /// <summary>Email addresses are compared and stored in lower case.</summary>
    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// A path on this site that a link may lead to after signing in: <c>/x</c>, never <c>//x</c>, <c>/\x</c>, a
    /// scheme or control characters. The site's <c>SafeRedirect</c> uses this very rule.
    /// </summary>
    public static bool IsLocalPath(string? path) =>
        !string.IsNullOrEmpty(path) && path.Length <= 2048 && path[0] == '/'
        && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'))
        && !path.Any(c => char.IsControl(c) || c == '\\');

    /// <summary>8..128 characters with at least one letter and one digit.</summary>
    public static IRuleBuilderOptions<T, string?> ValidPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("Enter a password.")
            .Length(PasswordMin, PasswordMax).WithMessage($"Use {PasswordMin} to {PasswordMax} characters.")
            .Must(p => p is null || (p.Any(char.IsLetter) && p.Any(char.IsDigit)))
            .WithMessage("Use at least one letter and one digit.");

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("Enter your email address.")
            .MaximumLength(EmailMax).WithMessage($"Use at most {EmailMax} characters.")
            .EmailAddress().WithMessage("Enter an email address like name@example.com.");

    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter your name.")
            .MaximumLength(NameMax).WithMessage($"Use at most {NameMax} characters.");
}

public sealed class RegisterRequestValidator : AbstractValidator<RegisterRequest>
{
    public RegisterRequestValidator()
    {
        RuleFor(r => r.Name).ValidName();
        RuleFor(r => r.Email).ValidEmail();
        RuleFor(r => r.Password).ValidPassword();
        RuleFor(r => r.Redirect).Must(AccountRules.IsLocalPath).When(r => r.Redirect is not null)
            .WithMessage("Must be a path on this site, starting with a single /.");
    }
}

public sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().WithMessage("Enter your email address.").MaximumLength(AccountRules.EmailMax);
        RuleFor(r => r.Password).NotEmpty().WithMessage("Enter your password.").MaximumLength(AccountRules.PasswordMax);
    }
}

public sealed class EmailRequestValidator : AbstractValidator<EmailRequest>
{
    public EmailRequestValidator()
    {
        RuleFor(r => r.Email).ValidEmail();
        RuleFor(r => r.Redirect).Must(AccountRules.IsLocalPath).When(r => r.Redirect is not null)
            .WithMessage("Must be a path on this site, starting with a single /.");
    }
}

public sealed class ResetPasswordRequestValidator : AbstractValidator<ResetPasswordRequest>
{
    public ResetPasswordRequestValidator()
    {
        RuleFor(r => r.Token).NotEmpty().WithMessage("The reset link is incomplete.").MaximumLength(200);
        RuleFor(r => r.NewPassword).ValidPassword();
    }
}

public sealed class UpdateProfileRequestValidator : AbstractValidator<UpdateProfileRequest>
{
    public UpdateProfileRequestValidator() => RuleFor(r => r.Name).ValidName();
}

public sealed class ChangePasswordRequestValidator : AbstractValidator<ChangePasswordRequest>
{
    public ChangePasswordRequestValidator()
    {
        RuleFor(r => r.CurrentPassword).NotEmpty().WithMessage("Enter your current password.").MaximumLength(AccountRules.PasswordMax);
        RuleFor(r => r.NewPassword).ValidPassword();
    }
}
