using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Members;

/// <summary>
/// <c>PATCH /api/organizations/:id/members/:userId</c>: owner or admin changes a member's role. Only an owner (or a
/// platform admin) makes or unmakes owners; the last active owner cannot be demoted (409).
/// </summary>
public static class UpdateMember
{
    public static async Task<IResult> HandleAsync(string id, string userId, UpdateMemberRequest body, CodexDbContext db,
        OrganizationAccess access, SiteCache site, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var targetId = MembershipWrites.ParseUserId(userId);
        var manager = await access.RequireManagerAsync(organizationId, ct);
        new UpdateMemberRequestValidator().ValidateAndThrow(body);
        var role = body.Role!.Value;
        if (role == MemberRole.Owner && !manager.IsOwner) throw MembershipWrites.OnlyOwners("make someone an owner");

        var (changed, member) = await MembershipWrites.InOrganizationLockAsync(db, organizationId, async token =>
        {
            var membership = await db.Memberships.Include(m => m.User)
                .FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == targetId, token)
                ?? throw MembershipWrites.NoSuchMember();
            if (membership.Role == role) return (false, ToDto(membership));
            if (membership.Role == MemberRole.Owner && !manager.IsOwner) throw MembershipWrites.OnlyOwners("change an owner's role");
            await MembershipWrites.EnsureAnotherOwnerAsync(db, membership, token);
            membership.Role = role;
            await db.SaveChangesAsync(token);
            return (true, ToDto(membership));
        }, ct);
        if (changed) await site.InvalidateUserAsync(targetId, ct); // what the site shows them, and lets them open, changes now
        return Results.Json(new DataEnvelope<MemberDto>(member), ContractJson.Options);
    }

    private static MemberDto ToDto(Membership m) => new(m.UserId, m.User!.Name, m.User.Email, m.Role, m.Status, m.CreatedAt);
}
