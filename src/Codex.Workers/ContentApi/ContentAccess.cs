using System.Linq.Expressions;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi;

/// <summary>Who may see a draft, and who may read, stream or track an item (CONTRACT.md, "Access").</summary>
public sealed class ContentAccess(CodexDbContext db, TimeProvider clock)
{
    /// <summary>The roles that manage (and so see) every item of their organization.</summary>
    public static readonly MemberRole[] StaffRoles = [MemberRole.Owner, MemberRole.Admin, MemberRole.Creator];

    /// <summary>
    /// An item that is neither deleted nor of a deleted organization (ADR 022): what the catalogue, search and the
    /// studio list. The rest exists only for its buyers (<see cref="CanSeeAsync"/>).
    /// </summary>
    public static readonly Expression<Func<ContentItem, bool>> Live = c => c.DeletedAt == null && c.Organization!.DeletedAt == null;

    /// <summary>
    /// What the public catalogue lists (the sitemap, search, every list): <see cref="Live"/> items of organizations that
    /// are not suspended either (ADR 028). A suspended organization's items stay live for its staff and its buyers.
    /// </summary>
    public static readonly Expression<Func<ContentItem, bool>> Listed = c => c.DeletedAt == null && c.Organization!.DeletedAt == null
        && c.Organization.SuspendedAt == null;

    /// <summary>
    /// A purchase that opens its item: completed and not refunded (a partial refund keeps it). A complimentary grant is
    /// such a purchase too (price 0, <c>GrantedById</c> set). Access, the library and deleting a media file (issue 11)
    /// all follow this one rule.
    /// </summary>
    public static readonly Expression<Func<Purchase, bool>> Holds = p => p.Status == PurchaseStatus.Completed && p.RefundedAt == null;

    /// <summary>
    /// The item's own creator, owner/admin/creator of its organization, or a platform admin (who manages every
    /// organization's content, as <c>ContentManagers</c> has it, so the studio can open their drafts with the body).
    /// </summary>
    public async Task<bool> CanManageAsync(ContentItem item, SessionUser? user, CancellationToken ct)
    {
        if (user is null) return false;
        if (item.CreatorId == user.Id || user.Role == UserRole.Admin) return true;
        return await db.Memberships.AnyAsync(m => m.OrganizationId == item.OrganizationId && m.UserId == user.Id
            && m.Status == MembershipStatus.Active && StaffRoles.Contains(m.Role), ct);
    }

    /// <summary>
    /// free → anyone; paid → a completed, unrefunded purchase or the organization's staff; members → an active
    /// membership of the organization.
    /// </summary>
    /// <remarks>
    /// One query for a signed-in caller (a page, its stream and its progress each ask): for members-only items any active
    /// membership answers (the staff roles are memberships too); for paid items a staff membership or a purchase, in one
    /// <c>EXISTS</c> of the two.
    /// </remarks>
    public async Task<bool> HasAccessAsync(ContentItem item, SessionUser? user, CancellationToken ct)
    {
        if (item.AccessType == AccessType.Free) return true;
        if (user is null) return false;
        if (item.CreatorId == user.Id || user.Role == UserRole.Admin) return true;
        var (organizationId, contentId, userId) = (item.OrganizationId, item.Id, user.Id);
        return item.AccessType switch
        {
            AccessType.Paid => await db.Memberships
                .Where(m => m.OrganizationId == organizationId && m.UserId == userId && m.Status == MembershipStatus.Active
                    && StaffRoles.Contains(m.Role))
                .Select(m => 1)
                .Concat(db.Purchases.Where(p => p.ContentId == contentId && p.UserId == userId).Where(Holds).Select(p => 1))
                .AnyAsync(ct),
            AccessType.Members => await db.Memberships.AnyAsync(m => m.OrganizationId == organizationId
                && m.UserId == userId && m.Status == MembershipStatus.Active, ct),
            _ => false,
        };
    }

    /// <summary>
    /// The one check of every route that streams or tracks an item: the item (published, or a draft its managers may
    /// see; otherwise 404), or 401 <c>UNAUTHORIZED</c> for an anonymous caller without access and 403
    /// <c>ACCESS_DENIED</c> for a signed-in one.
    /// </summary>
    public async Task<ContentItem> RequireAccessAsync(string id, SessionUser? user, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var contentId)) throw ApiException.Validation("id", "Expected a UUID.");
        var item = await db.Content.AsNoTracking().Include(c => c.Organization).FirstOrDefaultAsync(c => c.Id == contentId, ct)
            ?? throw ApiException.NotFound("The content");
        if (!await CanSeeAsync(item, user, ct)) throw ApiException.NotFound("The content");
        if (await HasAccessAsync(item, user, ct)) return item;
        throw user is null ? ApiException.Unauthorized() : AccessDenied();
    }

    /// <summary>
    /// Whether the item exists for <paramref name="user"/>: a published item for everyone, a draft for those who
    /// manage it, and an unpublished or deleted item, or one of a deleted organization, still for those who bought it
    /// (they keep what they paid for).
    /// </summary>
    /// <remarks>
    /// An item of a suspended organization (ADR 028) is hidden from the public but not gone: its managers (the staff,
    /// platform admins) still see it as before, and its buyers keep it.
    /// </remarks>
    public async Task<bool> CanSeeAsync(ContentItem item, SessionUser? user, CancellationToken ct)
    {
        var (organizationDeleted, suspended) = await OrganizationStateAsync(item, ct);
        var gone = item.DeletedAt is not null || organizationDeleted;
        if (!gone && !suspended && item.Status == ContentStatus.Published) return true;
        if (user is null) return false;
        if (!gone && await CanManageAsync(item, user, ct)) return true;
        return await BoughtAsync(item, user, ct);
    }

    private async Task<(bool Deleted, bool Suspended)> OrganizationStateAsync(ContentItem item, CancellationToken ct)
    {
        if (item.Organization is { } organization) return (organization.DeletedAt is not null, organization.SuspendedAt is not null);
        var state = await db.Organizations.Where(o => o.Id == item.OrganizationId)
            .Select(o => new { Deleted = o.DeletedAt != null, Suspended = o.SuspendedAt != null }).FirstOrDefaultAsync(ct);
        return state is null ? (false, false) : (state.Deleted, state.Suspended);
    }

    private Task<bool> BoughtAsync(ContentItem item, SessionUser user, CancellationToken ct) =>
        db.Purchases.Where(p => p.ContentId == item.Id && p.UserId == user.Id).AnyAsync(Holds, ct);

    /// <summary>403 <c>ACCESS_DENIED</c>: no right to stream or track this content.</summary>
    public static ApiException AccessDenied() =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.AccessDenied, "You do not have access to this content.");

    /// <summary>The current time, for publishing checks.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();
}
