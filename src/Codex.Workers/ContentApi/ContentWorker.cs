using Codex.Workers.ContentApi.Access;
using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi;

/// <summary>Content-API: the catalogue, content management, streaming access, progress and the library.</summary>
public static class ContentWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<ContentAccess>();
        services.AddSingleton(new MediaSigner(config));
        services.AddSingleton<S3MediaUrls>();
    }

    public static void Map(WebApplication app)
    {
        var content = app.MapGroup("/api/content");
        content.MapGet("", Catalogue.ListContent.HandleAsync).CachePublicly();
        content.MapGet("/slug/{slug}", Catalogue.GetContent.BySlugAsync).CachePublicly();
        content.MapGet("/{id}", Catalogue.GetContent.HandleAsync).CachePublicly();

        var access = app.MapGroup("/api/access");
        access.MapGet("/content/{id}/stream", StreamingUrl.HandleAsync).RequireRateLimiting(RateLimitPolicies.Streaming);
        access.MapGet("/content/{id}/progress", Progress.GetAsync);
        access.MapPost("/content/{id}/progress", Progress.SaveAsync);
        access.MapGet("/user/library", Library.HandleAsync);
        // Signed media URLs; the site forwards /media/* here unchanged.
        app.MapMethods("/media/{id}", [HttpMethods.Get, HttpMethods.Head], ServeMedia.HandleAsync);
    }
}
