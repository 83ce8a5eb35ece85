using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi;

/// <summary>
/// Who may use the Admin-API: platform admins everywhere; for an organization's own routes (its sales, customers,
/// grants and refunds) also its active owners and admins. Creators and members do not see money.
/// </summary>
public sealed class AdminAccess(CodexDbContext db, CurrentUser currentUser)
{
    /// <summary>The <c>:id</c> of a route as a UUID, or a 400 with <c>fieldErrors.id</c>.</summary>
    public static Guid ParseId(string id) =>
        Guid.TryParseExact(id, "D", out var value) ? value : throw ApiException.Validation("id", "Expected a UUID.");

    /// <summary>The caller, or 401.</summary>
    public Task<SessionUser> RequireUserAsync(CancellationToken ct) => currentUser.RequireAsync(ct);

    /// <summary>
    /// The caller as a manager of the organization's sales, checked in the order a caller can act on: 401 without a
    /// session, 404 for an unknown organization, 403 for anyone but a platform admin or its owner or admin.
    /// </summary>
    public async Task<SessionUser> RequireOrganizationManagerAsync(Guid organizationId, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct)) throw ApiException.NotFound("The organization");
        if (!await ManagesAsync(user, organizationId, ct)) throw ApiException.Forbidden();
        return user;
    }

    /// <summary>Whether <paramref name="user"/> is a platform admin, or an active owner or admin of the organization.</summary>
    public async Task<bool> ManagesAsync(SessionUser user, Guid organizationId, CancellationToken ct) =>
        user.Role == UserRole.Admin
        || await db.Memberships.AnyAsync(m => m.OrganizationId == organizationId && m.UserId == user.Id
            && m.Status == MembershipStatus.Active && (m.Role == MemberRole.Owner || m.Role == MemberRole.Admin), ct);
}
