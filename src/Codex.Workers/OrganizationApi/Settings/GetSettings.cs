using Codex.Contracts.Organizations;
using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Settings;

/// <summary><c>GET /api/organizations/:id/settings</c>: the public part (branding, features, contact), to anyone.</summary>
public static class GetSettings
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var organization = await db.Organizations.AsNoTracking().Include(o => o.Settings)
            .FirstOrDefaultAsync(o => o.Id == organizationId && o.DeletedAt == null, ct)
            ?? throw OrganizationAccess.NotFound();
        return Results.Json(new DataEnvelope<OrganizationSettingsDto>(SettingsProjection.Map(organization)), ContractJson.Options);
    }
}
