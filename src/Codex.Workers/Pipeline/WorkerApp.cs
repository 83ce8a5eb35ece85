using Codex.Workers.Pipeline.Storage;
using System.Threading.RateLimiting;
using Codex.Data;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codex.Workers.Pipeline;

/// <summary>Builds one worker: the service defaults, the pipeline every worker shares, then that worker's routes.</summary>
public static class WorkerApp
{
    /// <summary>What the Auth worker's <see cref="CurrentUser"/> reads through: nothing is ever kept in it.</summary>
    private static readonly WorkerSessionCache NoCache = WorkerSessionCache.Off();

    /// <summary>
    /// Creates a worker application. <paramref name="configure"/> runs on the builder before it is built (the host
    /// sets the listening address; tests replace services); <paramref name="mapExtra"/> maps additional routes.
    /// </summary>
    public static WebApplication Create(Role role, WebApplicationOptions options,
        Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? mapExtra = null)
    {
        var builder = WebApplication.CreateBuilder(options);
        configure?.Invoke(builder);
        builder.AddServiceDefaults(WorkerInfo.Of(role).Name, ForwardedHeaders.XForwardedFor);
        AddPipeline(builder, role);
        var worker = Codex.Workers.WorkerRegistry.Of(role);
        worker.AddServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        // Text with U+0000 cannot be stored by PostgreSQL: a query value holding it is refused here, for every route
        // (bodies are refused by ContractJson's string converter).
        app.Use((context, next) =>
        {
            foreach (var (name, values) in context.Request.Query)
            {
                foreach (var value in values)
                {
                    if (value is not null && value.Contains('\0')) throw ApiException.Validation(name, ContractJson.NulCharacterMessage);
                }
            }
            return next(context);
        });
        app.UseRateLimiter();
        app.UseMiddleware<PublicCacheMiddleware>();
        app.MapDefaultEndpoints();
        worker.Map(app);
        mapExtra?.Invoke(app);
        // No fallback route: an unknown route, a wrong method (405) or a body of the wrong media type (415) ends as a
        // bodiless status, which ErrorEnvelopeMiddleware turns into the envelope.
        return app;
    }

    private static void AddPipeline(WebApplicationBuilder builder, Role role)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.Configure<JsonOptions>(o => ContractJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System); // tests put their own clock in first
        services.AddCodexDatabase(config.GetCodexOptions().Database);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ServiceDefaultsExtensions.ReadyTag]);
        // Resolved sessions: the host shares one cache among the workers of one process when that is safe (ADR 025);
        // a worker on its own keeps none. The Auth worker always reads the database: it renews sessions, and the
        // site keeps its answers for itself (ADR 011).
        services.TryAddSingleton(_ => WorkerSessionCache.Off());
        services.AddScoped(sp => new CurrentUser(sp.GetRequiredService<IHttpContextAccessor>(), sp.GetRequiredService<CodexDbContext>(),
            sp.GetRequiredService<TimeProvider>(), role == Role.Auth ? NoCache : sp.GetRequiredService<WorkerSessionCache>()));
        services.AddScoped<MailOutbox>();
        // Live events to the site's /events streams (ADR 036): the host shares one bus among its apps; a worker made
        // on its own (tests) gets one of its own.
        services.TryAddSingleton<Codex.ServiceDefaults.Live.ILiveEventBus, Codex.ServiceDefaults.Live.InProcessLiveEventBus>();
        services.AddSingleton<LiveEvents>();
        // Media files, shared by the Content-API (uploads, streaming) and the Media-API (transcoding).
        // Local disk unless Storage:S3:Bucket names a bucket. LocalMediaStore stays registered by itself for ServeMedia,
        // which answers the embedded default's signed URLs.
        services.AddSingleton<LocalMediaStore>();
        var s3 = S3StorageOptions.From(config);
        if (s3.IsConfigured)
            services.AddSingleton<IMediaStore>(sp => new S3MediaStore(s3, sp.GetRequiredService<ILogger<S3MediaStore>>()));
        else
            services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<LocalMediaStore>());
        services.AddSingleton<SiteCache>();

        var limits = services.AddSettings<RateLimitOptions>(config, RateLimitOptions.Section, o => o.Problems());
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                ctx.Request.Path.StartsWithSegments("/health") || ctx.Request.Path.StartsWithSegments("/metrics")
                    ? RateLimitPartition.GetNoLimiter("probes")
                    : RateLimitPartition.GetFixedWindowLimiter(ServiceDefaultsExtensions.ClientAddress(ctx), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PerClientPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                    }));
            o.AddPolicy(RateLimitPolicies.Auth, ctx => RateLimitPartition.GetFixedWindowLimiter(ServiceDefaultsExtensions.ClientAddress(ctx), _ =>
                new FixedWindowRateLimiterOptions { PermitLimit = limits.AuthPerClient, Window = TimeSpan.FromMinutes(limits.AuthWindowMinutes) }));
            o.AddPolicy(RateLimitPolicies.Streaming, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Request.Cookies[SessionCookie.Name] is { } token ? "s:" + SessionTokens.Hash(token) : ServiceDefaultsExtensions.ClientAddress(ctx), _ =>
                new FixedWindowRateLimiterOptions { PermitLimit = limits.StreamingPerUserPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                    : 60;
                await ErrorEnvelopeMiddleware.WriteAsync(rejected.HttpContext, 429, new ErrorBody(ErrorCodes.RateLimited,
                    $"Too many requests. Please try again in {seconds} seconds.", new RateLimitDetails(seconds)));
            };
        });
    }
}
