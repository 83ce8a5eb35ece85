using Codex.Contracts.Organizations;
using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Members;

/// <summary><c>GET /api/organizations/:id/members</c>: owner or admin sees every member, whatever their status, by name.</summary>
public static class ListMembers
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, OrganizationAccess access, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        await access.RequireManagerAsync(organizationId, ct);
        var members = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId)
            .OrderBy(m => m.User!.Name.ToLower()).ThenBy(m => m.UserId)
            .Select(m => new MemberDto(m.UserId, m.User!.Name, m.User.Email, m.Role, m.Status, m.CreatedAt))
            .ToListAsync(ct);
        return Results.Json(new DataEnvelope<IReadOnlyList<MemberDto>>(members), ContractJson.Options);
    }
}
