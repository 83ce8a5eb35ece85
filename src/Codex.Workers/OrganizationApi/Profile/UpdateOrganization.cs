using Codex.Contracts.Organizations;
using Codex.Data;
using FluentValidation;
using Codex.Workers.OrganizationApi.Logo;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Profile;

/// <summary>
/// <c>PATCH /api/organizations/:id</c>: owner or admin; a true partial update, so a field left out (or null) keeps
/// its value and an empty description or address clears it.
/// </summary>
public static class UpdateOrganization
{
    public static async Task<IResult> HandleAsync(string id, UpdateOrganizationRequest body, CodexDbContext db,
        OrganizationAccess access, TimeProvider clock, SiteCache site, OrganizationLogos logos, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        await access.RequireManagerAsync(organizationId, ct);
        new UpdateOrganizationRequestValidator().ValidateAndThrow(body);

        var organization = await db.Organizations.Include(o => o.Settings).FirstOrDefaultAsync(o => o.Id == organizationId, ct)
            ?? throw OrganizationAccess.NotFound();
        var previousLogo = organization.LogoUrl;
        var previousSlug = organization.Slug;
        var slugChanged = body.Slug is { } slug && slug != organization.Slug;
        if (slugChanged)
        {
            if (await access.SlugTakenAsync(body.Slug!, except: organizationId, ct)) throw OrganizationAccess.SlugTaken();
            organization.Slug = body.Slug!;
        }
        if (body.Name is { } name) organization.Name = name.Trim();
        if (body.Description is not null) organization.Description = Input.Clean(body.Description);
        if (body.LogoUrl is not null) organization.LogoUrl = Input.Clean(body.LogoUrl);
        if (body.WebsiteUrl is not null) organization.WebsiteUrl = Input.Clean(body.WebsiteUrl);
        organization.UpdatedAt = clock.GetUtcNow();

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (slugChanged)
        {
            db.ChangeTracker.Clear();
            if (await access.SlugTakenAsync(body.Slug!, except: organizationId, ct)) throw OrganizationAccess.SlugTaken();
            throw;
        }
        await site.InvalidateAsync(CacheTags.OrganizationsChanged(previousSlug, organization.Slug), ct);
        await logos.DeleteUnusedAsync(organizationId, [previousLogo], [organization.LogoUrl, organization.Settings?.LogoUrl]);
        return Results.Json(new DataEnvelope<OrganizationDto>(OrganizationProjection.Map(organization)), ContractJson.Options);
    }
}
