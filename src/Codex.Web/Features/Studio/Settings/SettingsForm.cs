using Codex.Contracts.Organizations;
using Codex.Web.Infrastructure;
using FluentValidation;

namespace Codex.Web.Features.Studio.Settings;

/// <summary>
/// /studio/{org}/settings as typed: profile (the organization's PATCH), contact, features and branding (the settings
/// PUT). Each colour comes as a text field and an <c>input type=color</c> (<see cref="ColorInput"/>).
/// </summary>
public sealed class SettingsForm
{
    public const string SaveIntent = "save";
    public const string PreviewIntent = "preview";

    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? WebsiteUrl { get; set; }
    public string? PlatformName { get; set; }
    public string? SupportEmail { get; set; }
    public bool EnableSignups { get; set; }
    public bool EnablePurchases { get; set; }
    public ColorInput PrimaryColor { get; set; } = new();
    public ColorInput SecondaryColor { get; set; } = new();
    public ColorInput AccentColor { get; set; } = new();
    public ColorInput BackgroundColor { get; set; } = new();
    public string? FontBody { get; set; }
    public string? FontHeading { get; set; }
    /// <summary>Which button sent the form: <see cref="SaveIntent"/> or <see cref="PreviewIntent"/> (shown, not saved).</summary>
    public string? Intent { get; set; }

    public bool IsPreview => Intent == PreviewIntent;

    /// <summary>The form filled with what is stored.</summary>
    public static SettingsForm From(OrganizationDto organization, OrganizationSettingsDto? settings) => new()
    {
        Name = organization.Name,
        Description = organization.Description,
        WebsiteUrl = organization.WebsiteUrl,
        PlatformName = settings?.Contact.PlatformName,
        SupportEmail = settings?.Contact.SupportEmail,
        EnableSignups = settings?.Features.EnableSignups ?? true,
        EnablePurchases = settings?.Features.EnablePurchases ?? true,
        PrimaryColor = ColorInput.Of(settings?.Branding.PrimaryColorHex),
        SecondaryColor = ColorInput.Of(settings?.Branding.SecondaryColorHex),
        AccentColor = ColorInput.Of(settings?.Branding.AccentColorHex),
        BackgroundColor = ColorInput.Of(settings?.Branding.BackgroundColorHex),
        FontBody = settings?.Branding.FontBody,
        FontHeading = settings?.Branding.FontHeading,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The profile as a PATCH: empty description and website clear them.</summary>
    public UpdateOrganizationRequest ToProfileRequest() =>
        new(null, Name?.Trim() ?? "", Description?.Trim() ?? "", null, WebsiteUrl?.Trim() ?? "");

    /// <summary>The settings as a PUT, keeping the stored logo (which has its own form).</summary>
    public UpdateSettingsRequest ToSettingsRequest(string? logoUrl) => new(
        new BrandingDto(logoUrl, PrimaryColor.Value, SecondaryColor.Value, AccentColor.Value, BackgroundColor.Value, Blank(FontBody), Blank(FontHeading)),
        new FeaturesDto(EnableSignups, EnablePurchases),
        new ContactDto(Blank(PlatformName), Blank(SupportEmail)));

    /// <summary>The branding as typed, for the preview (what does not pass the patterns is ignored there, as on the space).</summary>
    public BrandingDto ToBranding(string? logoUrl) => ToSettingsRequest(logoUrl).Branding!;

    /// <summary>The workers' field names (<c>branding.primaryColorHex</c>) as this form's.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = nameof(Name),
        ["description"] = nameof(Description),
        ["websiteUrl"] = nameof(WebsiteUrl),
        ["contact.platformName"] = nameof(PlatformName),
        ["contact.supportEmail"] = nameof(SupportEmail),
        ["branding.primaryColorHex"] = nameof(PrimaryColor),
        ["branding.secondaryColorHex"] = nameof(SecondaryColor),
        ["branding.accentColorHex"] = nameof(AccentColor),
        ["branding.backgroundColorHex"] = nameof(BackgroundColor),
        ["branding.fontBody"] = nameof(FontBody),
        ["branding.fontHeading"] = nameof(FontHeading),
    };

    /// <summary>A worker's or validator's field name as this form's; unknown ones become form-level ("").</summary>
    public static string FieldOf(string name) =>
        FieldNames.TryGetValue(name, out var field) ? field : FieldNames.Values.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? "";
}

/// <summary>
/// One colour: the text field (<see cref="Text"/>, empty for Codex's default), the colour picker (<see cref="Picker"/>)
/// and the picker's value as the page showed it (<see cref="Shown"/>). A picker moved away from what was shown wins;
/// otherwise the text does, so a colour can be typed, picked, or cleared back to the default without JavaScript.
/// </summary>
public sealed class ColorInput
{
    public string? Text { get; set; }
    public string? Picker { get; set; }
    public string? Shown { get; set; }

    /// <summary>What this colour is: the picked one, the typed one (trimmed), or null for the default.</summary>
    public string? Value =>
        Picker is { } picked && OrganizationRules.ColorPattern().IsMatch(picked) && !string.Equals(picked, Shown, StringComparison.OrdinalIgnoreCase)
            ? picked.ToLowerInvariant()
            : string.IsNullOrWhiteSpace(Text) ? null : Text.Trim();

    public static ColorInput Of(string? value) => new() { Text = value };

    /// <summary>The same colour shown again: the text says it, the picker shows it (or <paramref name="fallback"/>).</summary>
    public ColorInput Normalized(string fallback)
    {
        var value = Value;
        var picker = value is not null && OrganizationRules.ColorPattern().IsMatch(value) ? value.ToLowerInvariant() : fallback;
        return new ColorInput { Text = value, Picker = picker, Shown = picker };
    }
}

/// <summary>
/// The Organization-API's own rules (<see cref="UpdateOrganizationRequestValidator"/>,
/// <see cref="UpdateSettingsRequestValidator"/>) on what the form would send, under the form's field names.
/// </summary>
public sealed class SettingsFormValidator : AbstractValidator<SettingsForm>
{
    private static readonly UpdateOrganizationRequestValidator Profile = new();
    private static readonly UpdateSettingsRequestValidator Settings = new();

    public SettingsFormValidator() => RuleFor(f => f).Custom((form, context) =>
    {
        var failures = Profile.Validate(form.ToProfileRequest()).Errors.Concat(Settings.Validate(form.ToSettingsRequest(null)).Errors);
        foreach (var failure in failures) context.AddFailure(SettingsForm.FieldOf(failure.PropertyName), failure.ErrorMessage);
    });
}

/// <summary>The font stacks the settings page offers: system fonts only (the CSP serves fonts from this site alone).</summary>
public static class FontChoices
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("", "Codex default (system sans-serif)"),
        ("system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif", "System sans-serif"),
        ("\"Helvetica Neue\", Helvetica, Arial, sans-serif", "Helvetica, Arial"),
        ("Verdana, \"Trebuchet MS\", sans-serif", "Verdana, Trebuchet"),
        ("Georgia, \"Times New Roman\", serif", "Georgia (serif)"),
        ("\"Palatino Linotype\", Palatino, \"Book Antiqua\", serif", "Palatino (serif)"),
        ("ui-monospace, Menlo, Consolas, monospace", "Monospace"),
    ];

    /// <summary>The choices, with <paramref name="current"/> added when it is a stack of its own (set through the API).</summary>
    public static IReadOnlyList<(string Value, string Label)> For(string? current) =>
        string.IsNullOrEmpty(current) || All.Any(c => c.Value == current) ? All : [.. All, (current, "Current: " + current)];
}
