using Codex.Contracts.Organizations;
using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Profile;

/// <summary><c>GET /api/organizations/:id</c> and <c>GET /api/organizations/slug/:slug</c>: public; a deleted organization is a 404; with its member count (ADR 035).</summary>
public static class GetOrganization
{
    public static async Task<IResult> ByIdAsync(string id, CodexDbContext db, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var dto = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId && o.DeletedAt == null)
            .Select(OrganizationProjection.ToDto).FirstOrDefaultAsync(ct)
            ?? throw OrganizationAccess.NotFound();
        return Results.Json(new DataEnvelope<OrganizationDto>((await OrganizationProjection.WithMemberCountsAsync(db, [dto], ct))[0]),
            ContractJson.Options);
    }

    public static async Task<IResult> BySlugAsync(string slug, CodexDbContext db, CancellationToken ct)
    {
        var lower = slug.Trim().ToLowerInvariant();
        // Longer than any slug can be: not worth a query.
        if (lower.Length > 63) throw OrganizationAccess.NotFound();
        var dto = await db.Organizations.AsNoTracking().Where(o => o.Slug.ToLower() == lower && o.DeletedAt == null)
            .Select(OrganizationProjection.ToDto).FirstOrDefaultAsync(ct)
            ?? throw OrganizationAccess.NotFound();
        return Results.Json(new DataEnvelope<OrganizationDto>((await OrganizationProjection.WithMemberCountsAsync(db, [dto], ct))[0]),
            ContractJson.Options);
    }
}
