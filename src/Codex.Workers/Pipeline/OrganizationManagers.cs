using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Who manages an organization, in one place for every worker that asks (the Organization-API and the Admin-API):
/// its active owners and admins while it is live. A deleted organization (ADR 022) has no managers: its memberships
/// survive the soft delete, but they no longer give anything. Platform admins are the callers' own business (each
/// worker decides what they may do), so they are not part of this query.
/// </summary>
public static class OrganizationManagers
{
    /// <summary>The <c>:id</c> of a route as a UUID, or a 400 with <c>fieldErrors.id</c>.</summary>
    public static Guid ParseId(string id) => ApiException.ParseId(id);

    /// <summary>
    /// The role (owner or admin) of <paramref name="userId"/> in the live organization <paramref name="organizationId"/>,
    /// or null: not an active owner or admin, or the organization is unknown or deleted.
    /// </summary>
    public static Task<MemberRole?> RoleAsync(CodexDbContext db, Guid organizationId, Guid userId, CancellationToken ct) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.UserId == userId && m.Status == MembershipStatus.Active
                && (m.Role == MemberRole.Owner || m.Role == MemberRole.Admin) && m.Organization!.DeletedAt == null)
            .Select(m => (MemberRole?)m.Role)
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Why a caller who is not a manager is refused: 403, or <paramref name="notFound"/> when the organization is gone,
    /// including when it was deleted between the caller's first check and the role lookup (two deletes at once).
    /// </summary>
    public static async Task<ApiException> RefusalAsync(CodexDbContext db, Guid organizationId, Func<ApiException> notFound, CancellationToken ct) =>
        await DeletedAsync(db, organizationId, ct) is false ? ApiException.Forbidden() : notFound();

    /// <summary>Whether the organization exists (null when not), and whether it is deleted.</summary>
    public static Task<bool?> DeletedAsync(CodexDbContext db, Guid organizationId, CancellationToken ct) =>
        db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => (bool?)(o.DeletedAt != null)).FirstOrDefaultAsync(ct);
}
