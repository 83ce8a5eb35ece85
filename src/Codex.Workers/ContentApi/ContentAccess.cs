using Codex.Contracts;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi;

/// <summary>Who may see a draft, and who may read, stream or track an item (CONTRACT.md, "Access").</summary>
public sealed class ContentAccess(CodexDbContext db, TimeProvider clock)
{
    private static readonly MemberRole[] StaffRoles = [MemberRole.Owner, MemberRole.Admin, MemberRole.Creator];

    /// <summary>The item's own creator, or owner/admin/creator of its organization.</summary>
    public async Task<bool> CanManageAsync(ContentItem item, SessionUser? user, CancellationToken ct)
    {
        if (user is null) return false;
        if (item.CreatorId == user.Id) return true;
        return await db.Memberships.AnyAsync(m => m.OrganizationId == item.OrganizationId && m.UserId == user.Id
            && m.Status == MembershipStatus.Active && StaffRoles.Contains(m.Role), ct);
    }

    /// <summary>
    /// free → anyone; paid → a completed, unrefunded purchase or the organization's staff; members → an active
    /// membership of the organization.
    /// </summary>
    public async Task<bool> HasAccessAsync(ContentItem item, SessionUser? user, CancellationToken ct)
    {
        if (item.AccessType == AccessType.Free) return true;
        if (user is null) return false;
        if (await CanManageAsync(item, user, ct)) return true;
        return item.AccessType switch
        {
            AccessType.Paid => await db.Purchases.AnyAsync(p => p.ContentId == item.Id && p.UserId == user.Id
                && p.Status == PurchaseStatus.Completed && p.RefundedAt == null, ct),
            AccessType.Members => await db.Memberships.AnyAsync(m => m.OrganizationId == item.OrganizationId
                && m.UserId == user.Id && m.Status == MembershipStatus.Active, ct),
            _ => false,
        };
    }

    /// <summary>The current time, for publishing checks.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();
}
