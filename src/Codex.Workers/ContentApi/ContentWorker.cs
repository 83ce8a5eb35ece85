using Codex.Workers.ContentApi.Access;
using Codex.Workers.ContentApi.Management;
using Codex.Workers.ContentApi.MediaFiles;
using Codex.Workers.ContentApi.Views;
using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi;

/// <summary>Content-API: the catalogue, content management, media uploads, streaming access, progress and the library.</summary>
public static class ContentWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<ContentAccess>();
        services.AddScoped<ContentManagers>();
        services.AddSingleton<MediaSigner>();
        services.AddSingleton<S3MediaUrls>();
        services.AddScoped<MediaLibrary>();
        services.AddScoped<Catalogue.ContentThumbnails>();
        services.AddSettings<UploadOptions>(config, UploadOptions.Section, o => o.Problems());
        services.AddScoped<ContentViews>();
        services.AddWorkerJobs(config, Role.ContentApi, (q, jobs) => q.Every<ContentViewSweepJob>("sweep-content-views", jobs.SweepInterval));
    }

    public static void Map(WebApplication app)
    {
        app.MapGet(ContentRoutes.Catalogue, Catalogue.ListContent.HandleAsync).CachePublicly();
        app.MapGet(ContentRoutes.BySlug, Catalogue.GetContent.BySlugAsync).CachePublicly();
        app.MapGet(ContentRoutes.ById, Catalogue.GetContent.HandleAsync).CachePublicly();
        // The site's sitemap (ADR 024): internal, and streamed, so never CachePublicly (whose middleware buffers the body).
        app.MapGet(ContentRoutes.Sitemap, Catalogue.SitemapEntries.ListAsync).RequireInternalKey().DisableRateLimiting();
        app.MapGet(ContentRoutes.SitemapCount, Catalogue.SitemapEntries.CountAsync).RequireInternalKey().DisableRateLimiting();

        app.MapPost(ContentRoutes.Catalogue, CreateContent.HandleAsync);
        app.MapMethods(ContentRoutes.ById, [HttpMethods.Patch], UpdateContent.HandleAsync);
        app.MapDelete(ContentRoutes.ById, DeleteContent.HandleAsync);
        app.MapPost(ContentRoutes.Publish, PublishContent.PublishAsync);
        app.MapPost(ContentRoutes.Unpublish, PublishContent.UnpublishAsync);
        app.MapGet(ContentRoutes.SlugAvailable, SlugAvailability.HandleAsync);
        // The site reports views in batches from its own address: internal, so outside the per-client limit.
        app.MapPost(ContentRoutes.View, RecordViews.HandleAsync).RequireInternalKey().DisableRateLimiting();

        app.MapPost(MediaRoutes.List, UploadMedia.HandleAsync);
        app.MapGet(MediaRoutes.List, ListMedia.HandleAsync);
        app.MapGet(MediaRoutes.ById, ManageMedia.GetAsync);
        app.MapMethods(MediaRoutes.ById, [HttpMethods.Patch], ManageMedia.UpdateAsync);
        app.MapDelete(MediaRoutes.ById, ManageMedia.DeleteAsync);

        app.MapGet(ContentRoutes.Stream, StreamingUrl.HandleAsync).RequireRateLimiting(RateLimitPolicies.Streaming);
        app.MapGet(ContentRoutes.Progress, Progress.GetAsync);
        app.MapPost(ContentRoutes.Progress, Progress.SaveAsync);
        app.MapGet(ContentRoutes.Library, Library.HandleAsync);
        app.MapGet(ContentRoutes.Owned, Owned.HandleAsync);
        // Signed media URLs; the site forwards /media/* here unchanged.
        app.MapMethods(ContentRoutes.Media, [HttpMethods.Get, HttpMethods.Head], ServeMedia.HandleAsync);
        app.MapMethods(ContentRoutes.MediaThumbnail, [HttpMethods.Get, HttpMethods.Head], ServeMedia.ThumbnailAsync);
    }
}
