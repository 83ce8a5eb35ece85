using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Members;

/// <summary>
/// <c>DELETE /api/organizations/:id/members/:userId</c>: owner or admin removes a member, or a member removes
/// themself (leaves); <c>204</c>. An admin may not remove an owner; the last active owner cannot go (409). A member
/// leaving who already left gets 204 again; a manager removing someone who is not a member gets 404.
/// </summary>
public static class RemoveMember
{
    public static async Task<IResult> HandleAsync(string id, string userId, CodexDbContext db, OrganizationAccess access,
        CurrentUser currentUser, SiteCache site, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var targetId = MembershipWrites.ParseUserId(userId);
        var user = await currentUser.RequireAsync(ct);
        if (targetId == user.Id) return await LeaveAsync(db, organizationId, user.Id, site, ct);

        var manager = await access.RequireManagerAsync(organizationId, ct);
        if (!await MembershipWrites.RemoveAsync(db, organizationId, targetId, manager, ct)) throw MembershipWrites.NoSuchMember();
        await MembershipWrites.MembershipChangedAsync(db, site, organizationId, targetId, ct);
        return Results.NoContent();
    }

    /// <summary>
    /// The caller leaves (also <c>DELETE /api/organizations/:id/join</c>): 204, whether or not they were a member; 404 for an
    /// unknown or deleted organization, like every other route.
    /// </summary>
    public static async Task<IResult> LeaveAsync(CodexDbContext db, Guid organizationId, Guid userId, SiteCache site, CancellationToken ct)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId && o.DeletedAt == null, ct)) throw OrganizationAccess.NotFound();
        if (await MembershipWrites.RemoveAsync(db, organizationId, userId, manager: null, ct)) await MembershipWrites.MembershipChangedAsync(db, site, organizationId, userId, ct);
        return Results.NoContent();
    }
}
