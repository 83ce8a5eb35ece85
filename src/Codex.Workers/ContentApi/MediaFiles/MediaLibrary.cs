using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.ContentApi.Access;
using Codex.Workers.ContentApi.Management;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.MediaFiles;

/// <summary>
/// An organization's media files as its managers see them (the same managers as its content: <see cref="ContentManagers"/>):
/// who may touch a file, where its files are stored, and its wire shape.
/// </summary>
public sealed class MediaLibrary(CodexDbContext db, CurrentUser currentUser, ContentManagers managers, MediaSigner signer,
    [Microsoft.AspNetCore.Mvc.FromServices] S3MediaUrls s3, TimeProvider clock)
{
    /// <summary>
    /// The file at <c>:id</c> (tracked, for a change) with its caller as a manager of its organization: 400 for a
    /// malformed id, 401, 404 for an unknown file, 403 for a caller who does not manage its organization.
    /// </summary>
    public async Task<MediaItem> RequireAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var mediaId)) throw ApiException.Validation("id", "Expected a UUID.");
        var user = await currentUser.RequireAsync(ct);
        var media = await db.Media.FirstOrDefaultAsync(m => m.Id == mediaId, ct) ?? throw NotFound();
        return await managers.ManagesAsync(media.OrganizationId, user, ct) ? media : throw ApiException.Forbidden();
    }

    public static ApiException NotFound() => ApiException.NotFound("The media file");

    /// <summary>The folder of one upload: its source, and the rendition and thumbnail that transcoding adds beside it.</summary>
    public static string FolderOf(Guid organizationId, Guid mediaId) => $"uploads/{organizationId:N}/{mediaId:N}";

    /// <summary>Where an upload's source goes: <c>uploads/{org}/{media}/source{ext}</c>.</summary>
    public static string SourceKey(Guid organizationId, Guid mediaId, string extension) => $"{FolderOf(organizationId, mediaId)}/source{extension}";

    /// <summary>The file as the wire shows it.</summary>
    public MediaDto DtoOf(MediaItem media) => new()
    {
        Id = media.Id, OrganizationId = media.OrganizationId, CreatorId = media.CreatorId, Title = media.Title, MediaType = media.Kind,
        MimeType = media.MimeType, SizeBytes = media.SizeBytes, Status = media.Status, DurationSeconds = media.DurationSeconds,
        Width = media.Width, Height = media.Height, ThumbnailUrl = ThumbnailUrl(media.Id, media.ThumbnailKey), Error = media.Error,
        CreatedAt = media.CreatedAt, UpdatedAt = media.UpdatedAt,
    };

    /// <summary>
    /// A URL the browser can load the thumbnail from, or null when there is none: a presigned GET with S3-compatible
    /// storage, else a signed URL of this worker's thumbnail route. It expires at the end of tomorrow (UTC), so it stays
    /// the same all day and the browser's cache keeps the picture.
    /// </summary>
    public string? ThumbnailUrl(Guid mediaId, string? thumbnailKey)
    {
        if (thumbnailKey is null) return null;
        var expiresAt = (clock.GetUtcNow().ToUnixTimeSeconds() / 86_400 + 2) * 86_400;
        return s3.Enabled ? s3.PresignedGet(thumbnailKey, DateTimeOffset.FromUnixTimeSeconds(expiresAt)) : signer.ThumbnailUrl(mediaId, expiresAt);
    }
}
