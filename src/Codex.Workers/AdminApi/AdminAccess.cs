using Codex.Data;
using Codex.Workers.Pipeline;

namespace Codex.Workers.AdminApi;

/// <summary>
/// Who may use the Admin-API: platform admins everywhere; for an organization's own routes (its sales, customers,
/// grants and refunds) also its active owners and admins while it is live (<see cref="OrganizationManagers"/>, the
/// same query as the Organization-API's). Creators and members do not see money. After a deletion (ADR 021) the
/// organization is gone for its former owners and admins (404, as everywhere else), while a platform admin may still
/// read its sales and refund its buyers, but not give anything new away.
/// </summary>
public sealed class AdminAccess(CodexDbContext db, CurrentUser currentUser)
{
    /// <summary>The caller, or 401.</summary>
    public Task<SessionUser> RequireUserAsync(CancellationToken ct) => currentUser.RequireAsync(ct);

    /// <summary>The caller as a platform admin: 401 without a session, 403 <c>FORBIDDEN</c> for anyone else.</summary>
    public Task<SessionUser> RequirePlatformAdminAsync(CancellationToken ct) => currentUser.RequirePlatformAdminAsync(ct);

    /// <summary>
    /// The caller as a manager of the organization's sales, checked in the order a caller can act on: 401 without a
    /// session, 404 for an unknown organization (or a deleted one, see <see cref="RequireManagesAsync"/>), 403 for
    /// anyone but a platform admin or its owner or admin.
    /// </summary>
    public async Task<SessionUser> RequireOrganizationManagerAsync(Guid organizationId, AfterDeletion afterDeletion, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        await RequireManagesAsync(user, organizationId, afterDeletion, () => ApiException.NotFound("The organization"), ct);
        return user;
    }

    /// <summary>
    /// 404 (<paramref name="notFound"/>) when the organization is unknown, or deleted to anyone but a platform admin
    /// allowed by <paramref name="afterDeletion"/>; 403 when <paramref name="user"/> is neither a platform admin nor an
    /// active owner or admin of the live organization.
    /// </summary>
    public async Task RequireManagesAsync(SessionUser user, Guid organizationId, AfterDeletion afterDeletion, Func<ApiException> notFound,
        CancellationToken ct)
    {
        var deleted = await OrganizationManagers.DeletedAsync(db, organizationId, ct) ?? throw notFound();
        if (user.Role == UserRole.Admin)
        {
            if (deleted && afterDeletion == AfterDeletion.Gone) throw notFound();
            return;
        }
        if (deleted) throw notFound();
        if (await OrganizationManagers.RoleAsync(db, organizationId, user.Id, ct) is null)
            throw await OrganizationManagers.RefusalAsync(db, organizationId, notFound, ct);
    }
}

/// <summary>What a route does with a deleted organization.</summary>
public enum AfterDeletion
{
    /// <summary>Gone for everyone (404): nothing new may be done in its name.</summary>
    Gone,
    /// <summary>Gone for its former owners and admins (404); platform admins may still read its sales and refund its buyers.</summary>
    PlatformAdmins,
}
