using System.Globalization;
using Codex.Data;
using Codex.Workers.Pipeline.Storage;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// <c>GET /media/{id}?exp=&amp;sig=</c> (the site forwards <c>/media/*</c> here): a signed URL's file from local disk.
/// A missing, altered or expired signature is a 403 <c>ACCESS_DENIED</c>. Range requests (206, suffix and open ranges,
/// 416, <c>If-Range</c>), <c>ETag</c> and <c>Last-Modified</c> are ASP.NET's file result, which streams from disk.
/// <c>GET /media/{id}/thumbnail?exp=&amp;sig=</c> serves a media file's thumbnail the same way, on a signature of its own.
/// </summary>
public static class ServeMedia
{
    private static readonly FileExtensionContentTypeProvider ImageTypes = new();

    public static async Task<IResult> HandleAsync(string id, HttpContext http, CodexDbContext db, MediaSigner signer,
        LocalMediaStore store, TimeProvider clock, CancellationToken ct)
    {
        var exp = RequireSigned(http, clock, (exp, sig) => signer.IsValid(id, exp, sig));
        var media = await MediaAsync(id, db, ct);
        return FileOf(http, store, media is { Status: MediaStatus.Ready } ? media.StorageKey : null, media?.MimeType, exp, clock);
    }

    public static async Task<IResult> ThumbnailAsync(string id, HttpContext http, CodexDbContext db, MediaSigner signer,
        LocalMediaStore store, TimeProvider clock, CancellationToken ct)
    {
        var exp = RequireSigned(http, clock, (exp, sig) => signer.IsValidThumbnail(id, exp, sig));
        var key = (await MediaAsync(id, db, ct))?.ThumbnailKey;
        var type = key is not null && ImageTypes.TryGetContentType(key, out var known) && known.StartsWith("image/", StringComparison.Ordinal)
            ? known
            : "application/octet-stream";
        return FileOf(http, store, key, type, exp, clock);
    }

    /// <summary>The URL's expiry, when its signature is valid and it has not expired; else 403 <c>ACCESS_DENIED</c>.</summary>
    private static long RequireSigned(HttpContext http, TimeProvider clock, Func<long, string?, bool> isValid)
    {
        var query = http.Request.Query;
        if (!long.TryParse(query["exp"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            || !isValid(exp, query["sig"].FirstOrDefault()) || exp <= clock.GetUtcNow().ToUnixTimeSeconds())
            throw ContentAccess.AccessDenied();
        return exp;
    }

    // The signature covers the id as written, so a valid one always names a well-formed UUID.
    private static Task<MediaItem?> MediaAsync(string id, CodexDbContext db, CancellationToken ct)
    {
        var mediaId = Guid.ParseExact(id, "D");
        return db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mediaId, ct);
    }

    private static IResult FileOf(HttpContext http, LocalMediaStore store, string? key, string? contentType, long exp, TimeProvider clock)
    {
        var path = key is null ? null : PathOf(store, key);
        var file = path is null ? null : new FileInfo(path);
        if (file is not { Exists: true } || contentType is null) throw Pipeline.ApiException.NotFound("The media");

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        http.Response.Headers.CacheControl = $"private, max-age={(exp - now).ToString(CultureInfo.InvariantCulture)}";
        var lastModified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        var etag = new EntityTagHeaderValue($"\"{file.Length:x}-{lastModified.ToUnixTimeMilliseconds():x}\"");
        return Results.File(file.FullName, contentType, enableRangeProcessing: true, lastModified: lastModified, entityTag: etag);
    }

    private static string? PathOf(LocalMediaStore store, string key)
    {
        try { return store.PathOf(key); }
        catch (ArgumentException) { return null; } // a stored key that would leave the media folder serves nothing
    }
}
