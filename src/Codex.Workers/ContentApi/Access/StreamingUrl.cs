using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// <c>GET /api/access/content/:id/stream?expirySeconds=</c>: for a caller with access to a video or audio item whose
/// media is ready, a signed URL valid for 60..7200 s (default 600).
/// </summary>
public static class StreamingUrl
{
    public static async Task<IResult> HandleAsync(string id, HttpRequest request, CurrentUser currentUser, ContentAccess access,
        CodexDbContext db, MediaSigner signer, [Microsoft.AspNetCore.Mvc.FromServices] S3MediaUrls s3, TimeProvider clock, CancellationToken ct)
    {
        var reader = new QueryReader(name => request.Query[name].FirstOrDefault());
        var expiry = reader.Int("expirySeconds", StreamingExpiry.Default);
        if (reader.FieldErrors is null && expiry is < StreamingExpiry.Min or > StreamingExpiry.Max)
            reader.AddError("expirySeconds", $"Must be between {StreamingExpiry.Min} and {StreamingExpiry.Max}.");
        if (reader.FieldErrors is { } errors) throw ApiException.Validation(errors);

        var item = await access.RequireAccessAsync(id, await currentUser.GetAsync(ct), ct);
        var media = item.ContentType == ContentType.Written || item.MediaId is not { } mediaId
            ? null
            : await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mediaId, ct);
        if (media is null || media.Status != MediaStatus.Ready)
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.MediaNotReady,
                item.ContentType == ContentType.Written ? "Written content has no media to stream." : "The media is not ready yet.");

        var expiresAt = clock.GetUtcNow().ToUnixTimeSeconds() + expiry;
        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresAt);
        // S3-compatible storage: a presigned GET straight from the store; the embedded default: an HMAC-signed URL
        // that the site forwards to this worker's /media route.
        var url = s3.Enabled ? s3.PresignedGet(media.StorageKey, expires) : signer.Url(media.Id, expiresAt);
        var dto = new StreamingUrlDto(url, expires, media.MimeType);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Json(new DataEnvelope<StreamingUrlDto>(dto), ContractJson.Options);
    }
}
