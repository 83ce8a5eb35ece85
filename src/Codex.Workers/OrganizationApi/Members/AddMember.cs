using Codex.Contracts.Auth;
using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Members;

/// <summary>
/// <c>POST /api/organizations/:id/members</c>: owner or admin adds an existing account by email, as an active member
/// with the given role. Only an owner (or a platform admin) may add another owner.
/// </summary>
public static class AddMember
{
    public static async Task<IResult> HandleAsync(string id, AddMemberRequest body, CodexDbContext db, OrganizationAccess access,
        TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var manager = await access.RequireManagerAsync(organizationId, ct);
        new AddMemberRequestValidator().ValidateAndThrow(body);
        var role = body.Role!.Value;
        if (role == MemberRole.Owner && !manager.IsOwner)
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Only an owner can add another owner.");

        var email = AccountRules.NormaliseEmail(body.Email!);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, ct)
            ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No account uses this email.");
        if (await IsMemberAsync(db, organizationId, user.Id, ct)) throw AlreadyMember();

        var membership = new Membership
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, UserId = user.Id, Role = role,
            Status = MembershipStatus.Active, CreatedAt = clock.StoredNow(),
        };
        db.Memberships.Add(membership);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await IsMemberAsync(db, organizationId, user.Id, ct)) throw AlreadyMember(); // a concurrent add won
            throw;
        }
        await MembershipWrites.MembershipChangedAsync(db, site, organizationId, user.Id, ct); // their memberships, the member count
        var dto = new MemberDto(user.Id, user.Name, user.Email, membership.Role, membership.Status, membership.CreatedAt);
        return Results.Json(new DataEnvelope<MemberDto>(dto), ContractJson.Options, statusCode: StatusCodes.Status201Created);
    }

    // Any existing row counts, invited or suspended too: there is one membership per person and organization.
    private static Task<bool> IsMemberAsync(CodexDbContext db, Guid organizationId, Guid userId, CancellationToken ct) =>
        db.Memberships.AsNoTracking().AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct);

    private static ApiException AlreadyMember() =>
        new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "This person is already a member of the organization.");
}
