using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.MediaApi.Status;

/// <summary>
/// Who manages an organization's media: its active owners, admins and creators, and platform admins (the rule of the
/// Content-API's <c>ContentManagers</c>, repeated here because no worker folder uses another).
/// </summary>
public sealed class MediaManagers(CodexDbContext db, CurrentUser currentUser)
{
    private static readonly MemberRole[] StaffRoles = [MemberRole.Owner, MemberRole.Admin, MemberRole.Creator];

    /// <summary>The media at <c>:mediaId</c> for a manager: 400 for a malformed id, 401, 404 unknown, 403 for anyone else.</summary>
    public async Task<MediaItem> RequireAsync(string mediaId, CancellationToken ct)
    {
        if (!Guid.TryParseExact(mediaId, "D", out var id)) throw ApiException.Validation("mediaId", "Expected a UUID.");
        var user = await currentUser.RequireAsync(ct);
        var media = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw ApiException.NotFound("The media");
        var manages = user.Role == UserRole.Admin || await db.Memberships.AnyAsync(m => m.OrganizationId == media.OrganizationId
            && m.UserId == user.Id && m.Status == MembershipStatus.Active && StaffRoles.Contains(m.Role), ct);
        return manages ? media : throw ApiException.Forbidden();
    }
}
