using System.Globalization;
using Codex.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// <c>GET /media/{id}?exp=&amp;sig=</c> (the site forwards <c>/media/*</c> here): a signed URL's file from local disk.
/// A missing, altered or expired signature is a 403 <c>ACCESS_DENIED</c>. Range requests (206, suffix and open ranges,
/// 416, <c>If-Range</c>), <c>ETag</c> and <c>Last-Modified</c> are ASP.NET's file result, which streams from disk.
/// </summary>
public static class ServeMedia
{
    public static async Task<IResult> HandleAsync(string id, HttpContext http, CodexDbContext db, MediaSigner signer,
        TimeProvider clock, CancellationToken ct)
    {
        var query = http.Request.Query;
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (!long.TryParse(query["exp"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            || !signer.IsValid(id, exp, query["sig"].FirstOrDefault()) || exp <= now)
            throw ContentAccess.AccessDenied();

        // The signature covers the id as written, so a valid one always names a well-formed UUID.
        var mediaId = Guid.ParseExact(id, "D");
        var media = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mediaId, ct);
        var path = media is { Status: MediaStatus.Ready } ? signer.PathOf(media.StorageKey) : null;
        var file = path is null ? null : new FileInfo(path);
        if (media is null || file is not { Exists: true }) throw Pipeline.ApiException.NotFound("The media");

        http.Response.Headers.CacheControl = $"private, max-age={(exp - now).ToString(CultureInfo.InvariantCulture)}";
        var lastModified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        var etag = new EntityTagHeaderValue($"\"{file.Length:x}-{lastModified.ToUnixTimeMilliseconds():x}\"");
        return Results.File(file.FullName, media.MimeType, enableRangeProcessing: true, lastModified: lastModified, entityTag: etag);
    }
}
