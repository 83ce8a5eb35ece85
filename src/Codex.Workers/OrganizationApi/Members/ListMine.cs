using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Members;

/// <summary><c>GET /api/organizations/mine</c>: the caller's active memberships of organizations that are not deleted, with their role, by organization name.</summary>
public static class ListMine
{
    public static async Task<IResult> HandleAsync(CodexDbContext db, CurrentUser currentUser, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == user.Id && m.Status == MembershipStatus.Active && m.Organization!.DeletedAt == null)
            .OrderBy(m => m.Organization!.Name.ToLower()).ThenBy(m => m.OrganizationId)
            .Select(m => new MembershipDto(
                new OrganizationDto(m.Organization!.Id, m.Organization.Slug, m.Organization.Name, m.Organization.Description,
                    m.Organization.LogoUrl, m.Organization.WebsiteUrl, m.Organization.CreatedAt) { SuspendedAt = m.Organization.SuspendedAt },
                m.Role, m.CreatedAt))
            .ToListAsync(ct);
        return Results.Json(new DataEnvelope<IReadOnlyList<MembershipDto>>(memberships), ContractJson.Options);
    }
}
