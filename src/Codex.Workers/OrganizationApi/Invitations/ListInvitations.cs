using Codex.Contracts.Organizations;
using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Invitations;

/// <summary>
/// <c>GET /api/organizations/:id/invitations</c> (addition to the contract): owner or admin sees the pending
/// invitations (not accepted, withdrawn or expired), newest first.
/// </summary>
public static class ListInvitations
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, OrganizationAccess access, TimeProvider clock, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        await access.RequireManagerAsync(organizationId, ct);
        var now = clock.GetUtcNow();
        var pending = await db.Invitations.AsNoTracking()
            .Where(i => i.OrganizationId == organizationId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => new InvitationDto(i.Id, i.OrganizationId, i.Email, i.Role,
                db.Users.Where(u => u.Id == i.InvitedById).Select(u => u.Name).FirstOrDefault(), i.ExpiresAt, i.CreatedAt))
            .ToListAsync(ct);
        return Results.Json(new DataEnvelope<IReadOnlyList<InvitationDto>>(pending), ContractJson.Options);
    }
}
