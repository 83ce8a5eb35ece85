using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Members;

/// <summary>
/// What every change to an organization's memberships shares: one transaction per change that first takes the
/// organization's row lock, so "is there another owner?" and the change that depends on it cannot interleave with a
/// concurrent change (two owners demoting each other at once leave one owner, not none). On PostgreSQL the lock is the
/// row lock of an UPDATE of the organization, held to the commit, and READ COMMITTED lets the next statement see what
/// the transaction that held it committed; on SQLite the same UPDATE takes the database's write lock.
/// </summary>
public static class MembershipWrites
{
    /// <summary>Runs <paramref name="change"/> in a transaction that holds the organization's lock; retried whole on a transient failure.</summary>
    public static Task<T> InOrganizationLockAsync<T>(CodexDbContext db, Guid organizationId, Func<CancellationToken, Task<T>> change,
        CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var locked = await db.Organizations.Where(o => o.Id == organizationId)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, o => o.UpdatedAt), token);
            if (locked == 0) throw OrganizationAccess.NotFound();
            var result = await change(token);
            await transaction.CommitAsync(token);
            db.ChangeTracker.Clear();
            return result;
        }, ct);

    /// <summary>Whether the organization keeps an active owner other than <paramref name="userId"/>.</summary>
    public static Task<bool> HasAnotherOwnerAsync(CodexDbContext db, Guid organizationId, Guid userId, CancellationToken ct) =>
        db.Memberships.AnyAsync(m => m.OrganizationId == organizationId && m.UserId != userId
            && m.Role == MemberRole.Owner && m.Status == MembershipStatus.Active, ct);

    /// <summary>
    /// Refuses, with 409 <c>CONFLICT</c>, a change that would take the organization's last active owner away
    /// (<paramref name="membership"/> stops being an active owner). Call it under <see cref="InOrganizationLockAsync{T}"/>.
    /// </summary>
    public static async Task EnsureAnotherOwnerAsync(CodexDbContext db, Membership membership, CancellationToken ct)
    {
        if (membership.Role != MemberRole.Owner || membership.Status != MembershipStatus.Active) return;
        if (!await HasAnotherOwnerAsync(db, membership.OrganizationId, membership.UserId, ct))
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "An organization needs an owner: make someone else an owner first.");
    }

    /// <summary>
    /// Removes <paramref name="userId"/>'s membership (a manager removing someone, or someone leaving); the last owner
    /// is refused with 409. <paramref name="manager"/> is null when the member leaves on their own; an admin may not
    /// remove an owner. False when there was no membership.
    /// </summary>
    public static Task<bool> RemoveAsync(CodexDbContext db, Guid organizationId, Guid userId, Manager? manager, CancellationToken ct) =>
        InOrganizationLockAsync(db, organizationId, async token =>
        {
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, token);
            if (membership is null) return false;
            if (manager is { IsOwner: false } && membership.Role == MemberRole.Owner && userId != manager.User.Id)
                throw OnlyOwners("remove an owner");
            await EnsureAnotherOwnerAsync(db, membership, token);
            db.Memberships.Remove(membership);
            await db.SaveChangesAsync(token);
            return true;
        }, ct);

    /// <summary>
    /// Someone joined or left <paramref name="organizationId"/> (committed): the site drops what it holds about them and the
    /// organization's space, which shows the member count (ADR 035).
    /// </summary>
    public static async Task MembershipChangedAsync(CodexDbContext db, SiteCache site, Guid organizationId, Guid userId, CancellationToken ct)
    {
        var slug = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Slug).FirstOrDefaultAsync(ct);
        await site.InvalidateMemberAsync(userId, slug, ct);
    }

    public static ApiException OnlyOwners(string what) =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, $"Only an owner can {what}.");

    public static ApiException NoSuchMember() => ApiException.NotFound("The member");

    /// <summary>The caller's membership as <c>GET /api/organizations/mine</c> shows it.</summary>
    public static Task<MembershipDto> MembershipAsync(CodexDbContext db, Guid organizationId, Guid userId, CancellationToken ct) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .Select(m => new MembershipDto(
                new OrganizationDto(m.Organization!.Id, m.Organization.Slug, m.Organization.Name, m.Organization.Description,
                    m.Organization.LogoUrl, m.Organization.WebsiteUrl, m.Organization.CreatedAt),
                m.Role, m.CreatedAt))
            .FirstAsync(ct);

    /// <summary>The <c>:userId</c> of a route as a UUID, or a 400 with <c>fieldErrors.userId</c>.</summary>
    public static Guid ParseUserId(string userId) =>
        Guid.TryParseExact(userId, "D", out var value) ? value : throw ApiException.Validation("userId", "Expected a UUID.");
}
