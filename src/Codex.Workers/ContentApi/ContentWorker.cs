using Codex.Workers.ContentApi.Access;
using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi;

/// <summary>Content-API: the catalogue, content management, streaming access, progress and the library.</summary>
public static class ContentWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<ContentAccess>();
        services.AddSingleton<MediaSigner>();
        services.AddSingleton<S3MediaUrls>();
    }

    public static void Map(WebApplication app)
    {
        app.MapGet(ContentRoutes.Catalogue, Catalogue.ListContent.HandleAsync).CachePublicly();
        app.MapGet(ContentRoutes.BySlug, Catalogue.GetContent.BySlugAsync).CachePublicly();
        app.MapGet(ContentRoutes.ById, Catalogue.GetContent.HandleAsync).CachePublicly();

        app.MapGet(ContentRoutes.Stream, StreamingUrl.HandleAsync).RequireRateLimiting(RateLimitPolicies.Streaming);
        app.MapGet(ContentRoutes.Progress, Progress.GetAsync);
        app.MapPost(ContentRoutes.Progress, Progress.SaveAsync);
        app.MapGet(ContentRoutes.Library, Library.HandleAsync);
        // Signed media URLs; the site forwards /media/* here unchanged.
        app.MapMethods(ContentRoutes.Media, [HttpMethods.Get, HttpMethods.Head], ServeMedia.HandleAsync);
    }
}
