using Codex.Contracts.Admin;
using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.OrganizationApi.Members;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Joining;

/// <summary>
/// <c>POST /api/organizations/:id/join</c>: a signed-in person becomes a free <c>member</c> where the organization's
/// <c>enableSignups</c> is on (<c>201</c>), else 403. Someone already in the organization gets their membership back
/// (<c>200</c>, whatever the setting; a suspended membership stays suspended: 403). <c>DELETE</c> leaves.
/// </summary>
public static class JoinOrganization
{
    public static async Task<IResult> JoinAsync(string id, CodexDbContext db, CurrentUser currentUser, TimeProvider clock, SiteCache site,
        CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var user = await currentUser.RequireAsync(ct);
        var organization = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId && o.DeletedAt == null)
            .Select(o => new { SignupsOn = o.Settings == null || o.Settings.EnableSignups, Suspended = o.SuspendedAt != null })
            .FirstOrDefaultAsync(ct) ?? throw OrganizationAccess.NotFound();
        if (organization.Suspended) throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, SuspensionMessages.NoJoining);

        if (await ExistingAsync(db, organizationId, user.Id, ct) is { } existing) return existing;
        if (!organization.SignupsOn)
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "This organization does not take new members by sign-up: membership is by invitation.");

        db.Memberships.Add(new Membership
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, UserId = user.Id, Role = MemberRole.Member,
            Status = MembershipStatus.Active, CreatedAt = clock.StoredNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return await ExistingAsync(db, organizationId, user.Id, ct) ?? throw new InvalidOperationException("The membership vanished.", e);
        }
        await MembershipWrites.MembershipChangedAsync(db, site, organizationId, user.Id, ct); // members-only items, the join button, the member count
        var membership = await MembershipWrites.MembershipAsync(db, organizationId, user.Id, ct);
        return Results.Json(new DataEnvelope<MembershipDto>(membership), ContractJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>DELETE /api/organizations/:id/join</c>: the caller leaves; 204 (also when they were not a member); the last owner cannot (409).</summary>
    public static async Task<IResult> LeaveAsync(string id, CodexDbContext db, CurrentUser currentUser, SiteCache site, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var user = await currentUser.RequireAsync(ct);
        return await RemoveMember.LeaveAsync(db, organizationId, user.Id, site, ct);
    }

    private static async Task<IResult?> ExistingAsync(CodexDbContext db, Guid organizationId, Guid userId, CancellationToken ct)
    {
        var status = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .Select(m => (MembershipStatus?)m.Status)
            .FirstOrDefaultAsync(ct);
        if (status is null) return null;
        if (status != MembershipStatus.Active)
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "Your membership of this organization is suspended; contact the organization.");
        return Results.Json(new DataEnvelope<MembershipDto>(await MembershipWrites.MembershipAsync(db, organizationId, userId, ct)),
            ContractJson.Options);
    }
}
