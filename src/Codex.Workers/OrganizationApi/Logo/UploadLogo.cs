using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.OrganizationApi.Profile;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Logo;

/// <summary>
/// <c>POST /api/organizations/:id/logo</c> (owner or admin; <c>multipart/form-data</c> with one part <c>file</c>): a PNG,
/// JPEG or WebP picture of at most 2 MB, recognised by its content (<see cref="PictureUpload"/>); SVG and anything else is
/// a 400 on <c>file</c>, a larger file a 413. It is stored under a new random name, becomes the organization's
/// <c>logoUrl</c> and its branding's, and the file it replaces is deleted. Answers <c>200 {data: Organization}</c>.
/// <c>DELETE</c> on the same route (an addition to the contract) removes the logo: both URLs are cleared and the file
/// deleted; <c>204</c>.
/// </summary>
public static class UploadLogo
{
    public static async Task<IResult> HandleAsync(string id, HttpContext http, CodexDbContext db, OrganizationAccess access,
        IMediaStore store, OrganizationLogos logos, TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        await access.RequireManagerAsync(organizationId, ct);
        var (bytes, image) = await PictureUpload.ReadAsync(http.Request, LogoRules.MaxBytes, LogoRules.FileField,
            $"This is not a picture we can take: upload a PNG, JPEG or WebP image (not SVG), at most {LogoRules.MaxDimension} pixels wide and high.", ct);

        var file = $"{Guid.NewGuid():N}.{image.Extension}";
        var key = OrganizationLogos.KeyOf(organizationId, file);
        var url = LogoRules.PathOf(organizationId, file);
        await using (var content = new MemoryStream(bytes.ToArray(), writable: false))
            await store.SaveAsync(key, content, image.MimeType, ct);

        Organization organization;
        string?[] previous;
        try
        {
            (organization, previous) = await SetLogoAsync(db, clock, organizationId, url, ct);
        }
        catch
        {
            await store.DeleteAsync(key, CancellationToken.None); // nothing names it: it must not stay behind
            throw;
        }
        await site.InvalidateAsync(CacheTags.OrganizationsChanged(organization.Slug), ct);
        await logos.DeleteUnusedAsync(organizationId, previous, [url]);
        return Results.Json(new DataEnvelope<OrganizationDto>(OrganizationProjection.Map(organization)), ContractJson.Options);
    }

    public static async Task<IResult> DeleteAsync(string id, CodexDbContext db, OrganizationAccess access, OrganizationLogos logos,
        TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        await access.RequireManagerAsync(organizationId, ct);
        var (organization, previous) = await SetLogoAsync(db, clock, organizationId, null, ct);
        await site.InvalidateAsync(CacheTags.OrganizationsChanged(organization.Slug), ct);
        await logos.DeleteUnusedAsync(organizationId, previous, []);
        return Results.NoContent();
    }

    /// <summary>
    /// Points the organization's logo and its branding's logo at <paramref name="url"/> (null: none) and saves; the
    /// organization and the URLs it had before, whose files the caller deletes once nothing names them.
    /// </summary>
    private static async Task<(Organization Organization, string?[] Previous)> SetLogoAsync(CodexDbContext db, TimeProvider clock,
        Guid organizationId, string? url, CancellationToken ct)
    {
        var organization = await db.Organizations.Include(o => o.Settings).FirstOrDefaultAsync(o => o.Id == organizationId, ct)
            ?? throw OrganizationAccess.NotFound();
        string?[] previous = [organization.LogoUrl, organization.Settings?.LogoUrl];
        var now = clock.GetUtcNow();
        organization.LogoUrl = url;
        organization.UpdatedAt = now;
        if (organization.Settings is { } settings)
        {
            settings.LogoUrl = url;
            settings.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return (organization, previous);
    }
}
