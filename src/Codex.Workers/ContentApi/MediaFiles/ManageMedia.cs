using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.MediaFiles;

/// <summary><c>GET</c>, <c>PATCH</c> (<c>{title}</c>) and <c>DELETE /api/media/:id</c>, for the managers of the file's organization.</summary>
public static class ManageMedia
{
    public static async Task<IResult> GetAsync(string id, MediaLibrary library, CancellationToken ct) =>
        Answer(library, await library.RequireAsync(id, ct));

    public static async Task<IResult> UpdateAsync(string id, UpdateMediaRequest body, CodexDbContext db, MediaLibrary library,
        TimeProvider clock, CancellationToken ct)
    {
        var media = await library.RequireAsync(id, ct);
        new UpdateMediaRequestValidator().ValidateAndThrow(body);
        media.Title = body.Title!.Trim();
        media.UpdatedAt = clock.StoredNow();
        await db.SaveChangesAsync(ct);
        return Answer(library, media);
    }

    /// <summary>
    /// Deletes the row, its transcoding job, and its stored files: 409 <c>CONFLICT</c> while published content plays it,
    /// or while any item using it (published or not, deleted or not) has a buyer who kept access (a completed, unrefunded
    /// purchase or a complimentary grant: <see cref="ContentAccess.Holds"/>). Other content that used it is left without
    /// media (the foreign key sets it to null). The files go after the row: a file left behind by a failing store is only
    /// disk space, a row without its file a broken item.
    /// </summary>
    public static async Task<IResult> DeleteAsync(string id, CodexDbContext db, MediaLibrary library, IMediaStore store,
        ILogger<MediaLibrary> logger, CancellationToken ct)
    {
        var media = await library.RequireAsync(id, ct);
        if (await db.Content.AnyAsync(c => c.MediaId == media.Id && c.Status == ContentStatus.Published && c.DeletedAt == null, ct))
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "Published content plays this file: unpublish it, or give it another file, before deleting this one.");
        // Issue 11: buyers keep what they paid for, even once the item is unpublished or deleted (CONTRACT.md,
        // DELETE /api/content), so a file that any bought or granted item uses stays, whatever that item's state.
        if (await db.Purchases.Where(ContentAccess.Holds).AnyAsync(p => p.Content!.MediaId == media.Id, ct))
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "People who bought an item that uses this file can still play it, so it cannot be deleted.");

        db.TranscodingJobs.RemoveRange(await db.TranscodingJobs.Where(j => j.MediaId == media.Id).ToListAsync(ct));
        db.Media.Remove(media);
        await db.SaveChangesAsync(ct);

        var folder = MediaLibrary.FolderOf(media.OrganizationId, media.Id);
        try
        {
            await store.DeleteFolderAsync(folder, CancellationToken.None);
            // Keys outside the upload's folder (demo files) may be shared by other rows: only a key nobody uses goes.
            foreach (var key in new[] { media.StorageKey, media.ThumbnailKey }.OfType<string>().Where(k => !k.StartsWith(folder + "/", StringComparison.Ordinal)).Distinct())
                if (!await db.Media.AnyAsync(m => m.StorageKey == key || m.ThumbnailKey == key, CancellationToken.None))
                    await store.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            logger.LogError(e, "Media {MediaId} is deleted but its files under {Folder} could not all be removed", media.Id, folder);
        }
        return Results.NoContent();
    }

    private static IResult Answer(MediaLibrary library, MediaItem media) =>
        Results.Json(new DataEnvelope<MediaDto>(library.DtoOf(media)), ContractJson.Options);
}
