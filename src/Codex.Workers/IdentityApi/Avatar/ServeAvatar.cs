using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;

namespace Codex.Workers.IdentityApi.Avatar;

/// <summary>
/// <c>GET /avatars/{userId}/{file}</c> (the site forwards <c>/avatars/*</c> here): an uploaded avatar, to anyone, as the
/// image type its content was checked to be when uploaded, with <c>nosniff</c> and a sandboxing CSP. Every upload has a
/// new name, so the file under a name never changes and may be kept for a year; a replaced or deleted one is a 404.
/// </summary>
public static class ServeAvatar
{
    public static async Task<IResult> HandleAsync(string id, string file, HttpContext http, IMediaStore store, CancellationToken ct)
    {
        if (!Avatars.IsAvatarPath($"{SiteRoutes.Avatars}/{id}/{file}")) throw ApiException.NotFound("The picture");
        var stream = await store.OpenReadAsync(Avatars.KeyOf(Guid.ParseExact(id, "D"), file), ct) ?? throw ApiException.NotFound("The picture");
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        // A day, not a year: a deleted account's picture must leave browsers and shared caches soon after its file goes.
        headers.CacheControl = "public, max-age=86400";
        var type = Path.GetExtension(file) switch
        {
            ".png" => "image/png",
            ".jpg" => "image/jpeg",
            _ => "image/webp",
        };
        return Results.Stream(stream, type);
    }
}
