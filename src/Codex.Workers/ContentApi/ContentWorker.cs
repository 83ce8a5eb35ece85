using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi;

/// <summary>Content-API: the catalogue, content management, streaming access, progress and the library.</summary>
public static class ContentWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<ContentAccess>();
    }

    public static void Map(WebApplication app)
    {
        var content = app.MapGroup("/api/content");
        content.MapGet("", Catalogue.ListContent.HandleAsync).CachePublicly();
        content.MapGet("/slug/{slug}", Catalogue.GetContent.BySlugAsync).CachePublicly();
        content.MapGet("/{id}", Catalogue.GetContent.HandleAsync).CachePublicly();
    }
}
