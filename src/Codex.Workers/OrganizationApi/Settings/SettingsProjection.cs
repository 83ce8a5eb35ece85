using Codex.Contracts.Organizations;
using Codex.Data;

namespace Codex.Workers.OrganizationApi.Settings;

/// <summary>The public part of an organization's settings, as the wire shows it.</summary>
public static class SettingsProjection
{
    /// <summary>
    /// An organization without a settings row gets the defaults (no branding, signups and purchases on); the
    /// branding logo falls back to the organization's own logo.
    /// </summary>
    public static OrganizationSettingsDto Map(Organization organization)
    {
        var s = organization.Settings ?? new OrganizationSettings { OrganizationId = organization.Id };
        return new OrganizationSettingsDto(
            new BrandingDto(s.LogoUrl ?? organization.LogoUrl, s.PrimaryColorHex, s.SecondaryColorHex, s.AccentColorHex,
                s.BackgroundColorHex, s.FontBody, s.FontHeading),
            new FeaturesDto(s.EnableSignups, s.EnablePurchases),
            new ContactDto(s.PlatformName, s.SupportEmail));
    }
}
