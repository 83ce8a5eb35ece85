using System.Text.RegularExpressions;
using Codex.Contracts.Auth;
using FluentValidation;

namespace Codex.Contracts.Organizations;

/// <summary>The organization rules of the contract.</summary>
public static partial class OrganizationRules
{
    /// <summary>Slugs that would collide with the site's own paths or read as official.</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin", "api", "studio", "login", "logout", "register", "account", "library", "discover", "checkout", "dev",
        "o", "www", "mail", "help", "support", "static", "assets", "health", "sitemap", "robots", "codex", "settings",
        "verify-email", "forgot-password", "reset-password", "errors", "new", "edit",
    };

    [GeneratedRegex("^[a-z0-9-]{3,63}\\z")]
    public static partial Regex SlugPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}\\z")]
    public static partial Regex ColorPattern();

    // Font stacks end up in CSS: a comma-separated list of family names, each bare (letters, digits, spaces and
    // hyphens, starting with a letter or a hyphen and a letter) or quoted whole with ' or ", so no value can open a
    // string it does not close, end the declaration or reach another rule.
    [GeneratedRegex("^(?=.{1,100}\\z) *(?:-?[A-Za-z][A-Za-z0-9 -]*|'[A-Za-z0-9 -]+'|\"[A-Za-z0-9 -]+\") *(?:, *(?:-?[A-Za-z][A-Za-z0-9 -]*|'[A-Za-z0-9 -]+'|\"[A-Za-z0-9 -]+\") *)*\\z")]
    public static partial Regex FontPattern();

    // A support address ends up in a mailto: link: one @, a dot in the domain, no spaces, quotes or angle brackets.
    [GeneratedRegex("^[^@\\s<>\"'(),;:\\\\]+@[^@\\s<>\"'(),;:\\\\]+\\.[^@\\s<>\"'(),;:\\\\.]+\\z")]
    public static partial Regex SupportEmailPattern();

    public static IRuleBuilderOptions<T, string?> ValidSlug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("Choose an address.")
            .Matches(SlugPattern()).WithMessage("Use 3 to 63 lower-case letters, digits or hyphens.")
            .Must(s => s is null || !ReservedSlugs.Contains(s)).WithMessage("This address is reserved; choose another.");

    public static IRuleBuilderOptions<T, string?> ValidHttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(2048).Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            .WithMessage("Enter a full web address starting with https://.");

    public static IRuleBuilderOptions<T, string?> ValidColor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => c is null || ColorPattern().IsMatch(c)).WithMessage("Use a colour like #1d3557.");

    public static IRuleBuilderOptions<T, string?> ValidFont<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(f => f is null || FontPattern().IsMatch(f))
            .WithMessage("Use font names separated by commas, each plain or in matching quotes (at most 100 characters).");

    /// <summary>An absolute http(s) address, or the path of a logo uploaded here (<see cref="LogoRules"/>).</summary>
    public static IRuleBuilderOptions<T, string?> ValidLogoUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(LogoRules.IsValidUrl).WithMessage("Enter a full web address starting with https://, or upload a logo.");
}

public sealed class CreateOrganizationRequestValidator : AbstractValidator<CreateOrganizationRequest>
{
    public CreateOrganizationRequestValidator()
    {
        RuleFor(r => r.Slug).ValidSlug();
        RuleFor(r => r.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a name.").MaximumLength(200);
        RuleFor(r => r.Description).MaximumLength(5000);
        RuleFor(r => r.LogoUrl).ValidHttpUrl();
        RuleFor(r => r.WebsiteUrl).ValidHttpUrl();
    }
}

public sealed class UpdateOrganizationRequestValidator : AbstractValidator<UpdateOrganizationRequest>
{
    public UpdateOrganizationRequestValidator()
    {
        RuleFor(r => r.Slug).ValidSlug().When(r => r.Slug is not null);
        RuleFor(r => r.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a name.").MaximumLength(200).When(r => r.Name is not null);
        RuleFor(r => r.Description).MaximumLength(5000);
        // An empty string clears the address (null leaves it as it is).
        RuleFor(r => r.LogoUrl).ValidLogoUrl().When(r => r.LogoUrl is not "");
        RuleFor(r => r.WebsiteUrl).ValidHttpUrl().When(r => r.WebsiteUrl is not "");
    }
}

public sealed class UpdateSettingsRequestValidator : AbstractValidator<UpdateSettingsRequest>
{
    public UpdateSettingsRequestValidator()
    {
        RuleFor(r => r.Branding).NotNull().WithMessage("Branding is required.");
        RuleFor(r => r.Features).NotNull().WithMessage("Features are required.");
        RuleFor(r => r.Contact).NotNull().WithMessage("Contact is required.");
        When(r => r.Branding is not null, () =>
        {
            RuleFor(r => r.Branding!.LogoUrl).ValidLogoUrl().OverridePropertyName("branding.logoUrl");
            RuleFor(r => r.Branding!.PrimaryColorHex).ValidColor().OverridePropertyName("branding.primaryColorHex");
            RuleFor(r => r.Branding!.SecondaryColorHex).ValidColor().OverridePropertyName("branding.secondaryColorHex");
            RuleFor(r => r.Branding!.AccentColorHex).ValidColor().OverridePropertyName("branding.accentColorHex");
            RuleFor(r => r.Branding!.BackgroundColorHex).ValidColor().OverridePropertyName("branding.backgroundColorHex");
            RuleFor(r => r.Branding!.FontBody).ValidFont().OverridePropertyName("branding.fontBody");
            RuleFor(r => r.Branding!.FontHeading).ValidFont().OverridePropertyName("branding.fontHeading");
        });
        When(r => r.Contact is not null, () =>
        {
            RuleFor(r => r.Contact!.PlatformName).MaximumLength(200).OverridePropertyName("contact.platformName");
            RuleFor(r => r.Contact!.SupportEmail).Matches(OrganizationRules.SupportEmailPattern()).WithMessage("Enter an email address like help@example.com.")
                .MaximumLength(AccountRules.EmailMax)
                .When(r => r.Contact!.SupportEmail is not null).OverridePropertyName("contact.supportEmail");
        });
    }
}

public sealed class AddMemberRequestValidator : AbstractValidator<AddMemberRequest>
{
    public AddMemberRequestValidator()
    {
        RuleFor(r => r.Email).ValidEmail();
        RuleFor(r => r.Role).NotNull().WithMessage("Choose a role.");
    }
}
