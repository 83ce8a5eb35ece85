using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Management;

/// <summary>
/// <c>POST /api/content/:id/publish</c> and <c>/unpublish</c>. Publishing a video or audio item needs its media
/// <c>ready</c> (422 <c>MEDIA_NOT_READY</c>); <c>publishedAt</c> is set the first time only, and publishing a
/// published item changes nothing. Unpublishing returns it to draft; buyers keep their access.
/// </summary>
public static class PublishContent
{
    public static async Task<IResult> PublishAsync(string id, CodexDbContext db, ContentManagers managers, TimeProvider clock,
        CancellationToken ct)
    {
        var (item, _) = await managers.RequireItemAsync(id, ct);
        if (item.Status == ContentStatus.Published) return await AnswerAsync(item, managers, ct);

        if (ContentRules.HasMedia(item.ContentType))
        {
            var status = item.MediaId is { } mediaId
                ? await db.Media.Where(m => m.Id == mediaId).Select(m => (MediaStatus?)m.Status).FirstOrDefaultAsync(ct)
                : null;
            if (status != MediaStatus.Ready)
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.MediaNotReady, status switch
                {
                    null => "Choose a media file before publishing.",
                    MediaStatus.Failed => "The media file could not be processed; upload it again or choose another.",
                    _ => "The media file is still being processed; publish once it is ready.",
                });
        }

        var now = clock.StoredNow();
        item.Status = ContentStatus.Published;
        item.PublishedAt ??= now;
        item.UpdatedAt = now;
        // Published again by its team: a platform admin's earlier unpublishing no longer stands (the audit log keeps it).
        item.ModeratedAt = null;
        item.ModerationReason = null;
        await db.SaveChangesAsync(ct);
        await managers.PublicChangeAsync(item, ct);
        return await AnswerAsync(item, managers, ct);
    }

    public static async Task<IResult> UnpublishAsync(string id, CodexDbContext db, ContentManagers managers, TimeProvider clock,
        CancellationToken ct)
    {
        var (item, _) = await managers.RequireItemAsync(id, ct);
        if (item.Status == ContentStatus.Draft) return await AnswerAsync(item, managers, ct);

        item.Status = ContentStatus.Draft;
        item.UpdatedAt = clock.StoredNow();
        await db.SaveChangesAsync(ct);
        await managers.PublicChangeAsync(item, ct);
        return await AnswerAsync(item, managers, ct);
    }

    private static async Task<IResult> AnswerAsync(ContentItem item, ContentManagers managers, CancellationToken ct) =>
        Results.Json(new DataEnvelope<ContentDto>(await managers.DtoAsync(item, ct)), ContractJson.Options);
}
