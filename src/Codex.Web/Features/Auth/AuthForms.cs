using Codex.Contracts.Auth;
using FluentValidation;

namespace Codex.Web.Features.Auth;

public sealed class RegisterForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    /// <summary>Where to go once the new account is confirmed (kept only if it is a local path).</summary>
    public string? Redirect { get; set; }
}

public sealed class RegisterFormValidator : AbstractValidator<RegisterForm>
{
    public RegisterFormValidator()
    {
        RuleFor(f => f.Name).ValidName();
        RuleFor(f => f.Email).ValidEmail();
        RuleFor(f => f.Password).ValidPassword();
    }
}

public sealed class LoginForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    /// <summary>Where to go after signing in (kept only if it is a local path).</summary>
    public string? Redirect { get; set; }
}

public sealed class LoginFormValidator : AbstractValidator<LoginForm>
{
    public LoginFormValidator()
    {
        RuleFor(f => f.Email).NotEmpty().WithMessage("Enter your email address.");
        RuleFor(f => f.Password).NotEmpty().WithMessage("Enter your password.");
    }
}

/// <summary>"Send me a link": the resend-verification and forgot-password forms.</summary>
public sealed class EmailForm
{
    public string? Email { get; set; }
}

public sealed class EmailFormValidator : AbstractValidator<EmailForm>
{
    public EmailFormValidator() => RuleFor(f => f.Email).ValidEmail();
}

public sealed class ResetPasswordForm
{
    public string? Token { get; set; }
    public string? NewPassword { get; set; }
}

public sealed class ResetPasswordFormValidator : AbstractValidator<ResetPasswordForm>
{
    public ResetPasswordFormValidator()
    {
        RuleFor(f => f.Token).NotEmpty().WithMessage("This reset link is incomplete: ask for a new one.");
        RuleFor(f => f.NewPassword).ValidPassword();
    }
}

/// <summary>The check-your-inbox page, with its resend form.</summary>
public sealed record VerifyEmailViewModel(EmailForm Form, bool Sent, bool InvalidToken)
{
    /// <summary>Where the visitor was going (an invitation): the sign-in link leads back there.</summary>
    public string? Redirect { get; init; }
}
