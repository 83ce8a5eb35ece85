using System.Text.RegularExpressions;
using Codex.Contracts.Auth;
using FluentValidation;

namespace Codex.Contracts.Identity;

/// <summary>The profile and account rules of the Identity-API, shared by the worker and the site's forms.</summary>
public static partial class ProfileRules
{
    public const int UsernameMin = 3;
    public const int UsernameMax = 30;
    public const int BioMax = 500;
    public const int WebsiteMax = 2048;
    /// <summary>The exact word that confirms an account's deletion.</summary>
    public const string DeleteWord = "DELETE";

    /// <summary>Avatars: one PNG, JPEG or WebP picture (by content) of at most 2 MB, in the multipart part <see cref="AvatarField"/>.</summary>
    public const long AvatarMaxBytes = 2 * 1024 * 1024;
    public const string AvatarField = "file";

    [GeneratedRegex("^[a-z0-9_]{3,30}\\z")]
    public static partial Regex UsernamePattern();

    /// <summary>The site path of an uploaded avatar: its user, then a random name with the type's extension.</summary>
    [GeneratedRegex("^/avatars/(?<user>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/(?<file>[0-9a-f]{32}\\.(?:png|jpg|webp))\\z")]
    public static partial Regex AvatarPathPattern();

    /// <summary>The path of the avatar <paramref name="file"/> of <paramref name="userId"/>.</summary>
    public static string AvatarPathOf(Guid userId, string file) => $"{SiteRoutes.Avatars}/{userId:D}/{file}";

    /// <summary>An absolute http or https address with a host (never <c>javascript:</c>, <c>data:</c> or a relative path).</summary>
    public static bool IsWebsiteUrl(string? url) =>
        url is not null && url.Length <= WebsiteMax
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.UserInfo) && !url.Any(char.IsWhiteSpace);

    /// <summary><c>^[a-z0-9_]{3,30}$</c>; null is allowed (no public page).</summary>
    public static IRuleBuilderOptions<T, string?> ValidUsername<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(u => u is null || UsernamePattern().IsMatch(u))
            .WithMessage($"Use {UsernameMin} to {UsernameMax} characters: lower-case letters a to z, digits and _.");

    public static IRuleBuilderOptions<T, string?> ValidBio<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(BioMax).WithMessage($"Use at most {BioMax} characters.");

    public static IRuleBuilderOptions<T, string?> ValidWebsite<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(u => u is null || IsWebsiteUrl(u))
            .WithMessage("Enter a full web address starting with https:// or http://, like https://example.com.");
}

/// <summary>A profile as a change would leave it: a name; optional username, bio and website.</summary>
public sealed class ProfileFieldsValidator : AbstractValidator<ProfileFields>
{
    public ProfileFieldsValidator()
    {
        RuleFor(p => p.Name).ValidName();
        RuleFor(p => p.Username).ValidUsername();
        RuleFor(p => p.Bio).ValidBio();
        RuleFor(p => p.WebsiteUrl).ValidWebsite();
    }
}

public sealed class DeleteAccountRequestValidator : AbstractValidator<DeleteAccountRequest>
{
    public DeleteAccountRequestValidator()
    {
        RuleFor(r => r.Confirmation).Equal(ProfileRules.DeleteWord, StringComparer.Ordinal)
            .WithMessage($"Type {ProfileRules.DeleteWord} in capital letters to confirm.");
        RuleFor(r => r.Password).NotEmpty().WithMessage("Enter your password.").MaximumLength(AccountRules.PasswordMax);
    }
}

public sealed class ChangeEmailRequestValidator : AbstractValidator<ChangeEmailRequest>
{
    public ChangeEmailRequestValidator()
    {
        RuleFor(r => r.NewEmail).ValidEmail();
        RuleFor(r => r.Password).NotEmpty().WithMessage("Enter your password.").MaximumLength(AccountRules.PasswordMax);
    }
}

public sealed class ConfirmEmailChangeRequestValidator : AbstractValidator<ConfirmEmailChangeRequest>
{
    public ConfirmEmailChangeRequestValidator() =>
        RuleFor(r => r.Token).NotEmpty().WithMessage("The confirmation link is incomplete.").MaximumLength(200);
}
