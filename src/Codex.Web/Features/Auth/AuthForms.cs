using Codex.Contracts.Auth;
using Codex.Web.Infrastructure;
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
    /// <summary>The resend form only: where the new verification link leads once confirmed (a purchase waiting).</summary>
    public string? Redirect { get; set; }
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
    /// <summary>A used link opened while signed in: nothing to confirm, the address already is.</summary>
    public bool AlreadyVerified { get; init; }
}

/// <summary><c>GET /logout</c>: the sign-out button, and where to go afterwards.</summary>
public sealed record LogoutViewModel(string? Redirect);

/// <summary>Form actions that keep the page's own query (<c>?redirect=</c>, <c>?token=</c>), so a refused post leaves the address as it was.</summary>
public static class AuthPaths
{
    public static string WithRedirect(string path, string? redirect) =>
        SafeRedirect.IsSafe(redirect) ? path + "?redirect=" + Uri.EscapeDataString(redirect!) : path;

    public static string WithToken(string path, string? token) =>
        string.IsNullOrEmpty(token) ? path : path + "?token=" + Uri.EscapeDataString(token);
}
