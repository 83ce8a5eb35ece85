namespace Codex.Workers.MediaApi;

/// <summary>Media-API (transcoding callbacks): its routes arrive with the media issue.</summary>
public static class MediaWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
    }

    public static void Map(WebApplication app)
    {
    }
}
