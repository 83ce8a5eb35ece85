using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Views;

/// <summary>
/// <c>POST /api/content/:id/views</c> (internal key; ADR 022): the site reports who opened a published item's page.
/// A viewer is counted, and <see cref="ContentItem.ViewCount"/> goes up, only when they were not counted for this
/// item within <see cref="ContentViewRules.RepeatWindow"/>; the item's own team (its creator, the organization's owners,
/// admins and creators) is never counted. Answers <c>{data:{counted}}</c>.
/// </summary>
public static class RecordViews
{
    public static async Task<IResult> HandleAsync(string id, RecordViewsRequest? body, CodexDbContext db, ContentViews views,
        CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var contentId)) throw ApiException.Validation("id", "Expected a UUID.");
        if (ContentViewRules.Problems(body) is { } problems) throw ApiException.Validation(problems);

        var item = await db.Content.AsNoTracking().Where(ContentAccess.Live).Where(c => c.Id == contentId)
            .Select(c => new { c.OrganizationId, c.CreatorId, c.Status })
            .FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("The content");
        var counted = 0;
        // Drafts are seen only by the team, and buyers of a gone item are not an audience.
        if (item.Status == ContentStatus.Published)
        {
            var viewers = body!.Viewers!.DistinctBy(ContentViewRules.StoredKey).ToList();
            var users = viewers.Select(v => v.UserId).OfType<Guid>().ToList();
            var team = users.Count == 0 ? [] : (await db.Memberships.AsNoTracking()
                .Where(m => m.OrganizationId == item.OrganizationId && users.Contains(m.UserId) && m.Status == MembershipStatus.Active
                    && ContentAccess.StaffRoles.Contains(m.Role))
                .Select(m => m.UserId).ToListAsync(ct)).Append(item.CreatorId).ToHashSet();
            var keys = viewers.Where(v => v.UserId is not { } user || !team.Contains(user)).Select(ContentViewRules.StoredKey).ToList();
            counted = await views.CountAsync(contentId, keys, ct);
        }
        return Results.Json(new DataEnvelope<RecordViewsResult>(new RecordViewsResult(counted)), ContractJson.Options);
    }
}
