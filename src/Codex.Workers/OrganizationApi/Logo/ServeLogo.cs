using Codex.Contracts.Organizations;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;

namespace Codex.Workers.OrganizationApi.Logo;

/// <summary>
/// <c>GET /logos/{organizationId}/{file}</c> (the site forwards <c>/logos/*</c> here): an uploaded logo, to anyone. The
/// type comes from the name the upload gave it after checking the content (PNG, JPEG or WebP only, never SVG or HTML),
/// with <c>nosniff</c> and a sandboxing CSP in case a browser is ever opened on it directly. Every upload has a new
/// name, so the file under a name never changes: browsers and proxies may keep it for a year.
/// </summary>
public static class ServeLogo
{
    public static async Task<IResult> HandleAsync(string id, string file, HttpContext http, IMediaStore store, CancellationToken ct)
    {
        var path = $"{SiteRoutes.Logos}/{id}/{file}";
        if (!LogoRules.PathPattern().IsMatch(path)) throw ApiException.NotFound("The logo");
        var stream = await store.OpenReadAsync(OrganizationLogos.KeyOf(Guid.ParseExact(id, "D"), file), ct)
            ?? throw ApiException.NotFound("The logo");
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "public, max-age=31536000, immutable";
        var type = Path.GetExtension(file) switch
        {
            ".png" => "image/png",
            ".jpg" => "image/jpeg",
            _ => "image/webp",
        };
        return Results.Stream(stream, type);
    }
}
