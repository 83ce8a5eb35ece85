using Codex.Contracts.Media;
using Codex.Workers.MediaApi.Callback;
using Codex.Workers.MediaApi.Status;
using Codex.Workers.MediaApi.Transcoding;
using Codex.Workers.Pipeline;

namespace Codex.Workers.MediaApi;

/// <summary>
/// Media-API: transcoding. A job runner (Quartz) claims the queued jobs the Content-API's uploads create, runs Debian's
/// ffprobe and ffmpeg on them, and reports through the signed callback; managers read the status and retry failures.
/// </summary>
public static class MediaWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        var options = services.AddSettings<TranscodingOptions>(config, TranscodingOptions.Section, o => o.Problems());
        services.AddSingleton<CallbackSigner>();
        services.AddSingleton<Ffmpeg>();
        services.AddScoped<TranscodingOutcomes>();
        services.AddScoped<TranscodingRunner>();
        services.AddScoped<MediaManagers>();
        services.AddHttpClient(TranscodingRunner.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddWorkerJobs(config, Role.MediaApi, (q, _) => q
            .Every<TranscodeJob>("transcode", options.PollInterval, firstAfter: TimeSpan.FromSeconds(1)));
    }

    public static void Map(WebApplication app)
    {
        app.MapPost(TranscodingRoutes.Callback, TranscodingCallback.HandleAsync);
        app.MapGet(TranscodingRoutes.Status, TranscodingStatus.GetAsync);
        app.MapPost(TranscodingRoutes.Retry, TranscodingStatus.RetryAsync);
    }
}
