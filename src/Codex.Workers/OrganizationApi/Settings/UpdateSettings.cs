using Codex.Contracts.Organizations;
using Codex.Data;
using FluentValidation;
using Codex.Workers.OrganizationApi.Logo;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Settings;

/// <summary>
/// <c>PUT /api/organizations/:id/settings</c>: owner or admin replaces the public settings. Organizations made
/// before settings existed have no row yet, so this is an upsert.
/// </summary>
public static class UpdateSettings
{
    public static async Task<IResult> HandleAsync(string id, UpdateSettingsRequest body, CodexDbContext db,
        OrganizationAccess access, TimeProvider clock, SiteCache site, OrganizationLogos logos, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        await access.RequireManagerAsync(organizationId, ct);
        new UpdateSettingsRequestValidator().ValidateAndThrow(body);

        for (var attempt = 1; ; attempt++)
        {
            var organization = await db.Organizations.Include(o => o.Settings).FirstOrDefaultAsync(o => o.Id == organizationId, ct)
                ?? throw OrganizationAccess.NotFound();
            organization.Settings ??= new OrganizationSettings { OrganizationId = organizationId };
            var previousLogo = organization.Settings.LogoUrl;
            Apply(organization.Settings, body, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
                await site.InvalidateAsync(CacheTags.OrganizationsChanged(organization.Slug), ct);
                // An uploaded logo that the branding no longer names, and the organization neither, is deleted.
                await logos.DeleteUnusedAsync(organizationId, [previousLogo], [organization.Settings.LogoUrl, organization.LogoUrl]);
                return Results.Json(new DataEnvelope<OrganizationSettingsDto>(SettingsProjection.Map(organization)), ContractJson.Options);
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // A concurrent first save inserted the row: this one becomes an update of it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static void Apply(OrganizationSettings settings, UpdateSettingsRequest body, DateTimeOffset now)
    {
        var branding = body.Branding!;
        settings.LogoUrl = Input.Clean(branding.LogoUrl);
        settings.PrimaryColorHex = Input.Clean(branding.PrimaryColorHex);
        settings.SecondaryColorHex = Input.Clean(branding.SecondaryColorHex);
        settings.AccentColorHex = Input.Clean(branding.AccentColorHex);
        settings.BackgroundColorHex = Input.Clean(branding.BackgroundColorHex);
        settings.FontBody = Input.Clean(branding.FontBody);
        settings.FontHeading = Input.Clean(branding.FontHeading);
        settings.EnableSignups = body.Features!.EnableSignups;
        settings.EnablePurchases = body.Features.EnablePurchases;
        settings.PlatformName = Input.Clean(body.Contact!.PlatformName);
        settings.SupportEmail = Input.Clean(body.Contact.SupportEmail);
        settings.UpdatedAt = now;
    }
}
