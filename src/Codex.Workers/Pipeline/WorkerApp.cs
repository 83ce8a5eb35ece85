using System.Net;
using System.Threading.RateLimiting;
using Codex.Contracts;
using Codex.Data;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;

namespace Codex.Workers.Pipeline;

/// <summary>Builds one worker: the shared pipeline, then that worker's routes.</summary>
public static class WorkerApp
{
    /// <summary>
    /// Creates a worker application. <paramref name="configure"/> runs on the builder before it is built (the host
    /// sets the listening address; tests replace services); <paramref name="mapExtra"/> maps additional routes.
    /// </summary>
    public static WebApplication Create(Role role, WebApplicationOptions options,
        Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? mapExtra = null)
    {
        var worker = WorkerInfo.Of(role);
        var builder = WebApplication.CreateBuilder(options);
        configure?.Invoke(builder);
        AddPipeline(builder, worker);
        Registry[role].AddServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        UsePipeline(app, role);
        MapHealth(app, worker);
        Registry[role].Map(app);
        mapExtra?.Invoke(app);
        // No fallback route: an unknown route, a wrong method (405) or a body of the wrong media type (415) ends as a
        // bodiless status, which ErrorEnvelopeMiddleware turns into the envelope.
        return app;
    }

    /// <summary>Each worker's services and routes, from its own folder.</summary>
    private static readonly Dictionary<Role, (Action<IServiceCollection, IConfiguration> AddServices, Action<WebApplication> Map)> Registry = new()
    {
        [Role.Auth] = (Auth.AuthWorker.AddServices, Auth.AuthWorker.Map),
        [Role.ContentApi] = (ContentApi.ContentWorker.AddServices, ContentApi.ContentWorker.Map),
        [Role.OrganizationApi] = (OrganizationApi.OrganizationWorker.AddServices, OrganizationApi.OrganizationWorker.Map),
        [Role.EcomApi] = (EcomApi.EcomWorker.AddServices, EcomApi.EcomWorker.Map),
        [Role.MediaApi] = (MediaApi.MediaWorker.AddServices, MediaApi.MediaWorker.Map),
        [Role.NotificationsApi] = (NotificationsApi.NotificationsWorker.AddServices, NotificationsApi.NotificationsWorker.Map),
        [Role.AdminApi] = (AdminApi.AdminWorker.AddServices, AdminApi.AdminWorker.Map),
        [Role.IdentityApi] = (IdentityApi.IdentityWorker.AddServices, IdentityApi.IdentityWorker.Map),
    };

    private static void AddPipeline(WebApplicationBuilder builder, WorkerInfo worker)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddSerilog(Log.Logger.ForContext("App", worker.Name));
        services.Configure<JsonOptions>(o => ContractJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System); // tests put their own clock in first
        services.AddCodexDatabase(WorkerSettings.ConnectionString(config));
        services.AddScoped<CurrentUser>();
        services.AddHttpClient<SiteCache>(http =>
        {
            http.BaseAddress = SiteCache.BaseAddress(config);
            http.Timeout = TimeSpan.FromSeconds(3);
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.ForwardLimit = 1;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            var trusted = config.GetSection("Codex:TrustedProxies").Get<string[]>() ?? ["127.0.0.0/8", "::1/128"];
            foreach (var cidr in trusted) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(cidr));
        });

        var limits = config.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(limits);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                ctx.Request.Path.StartsWithSegments("/health")
                    ? RateLimitPartition.GetNoLimiter("health")
                    : RateLimitPartition.GetFixedWindowLimiter(ClientKey(ctx), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PerClientPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                    }));
            o.AddPolicy(RateLimitPolicies.Auth, ctx => RateLimitPartition.GetFixedWindowLimiter(ClientKey(ctx), _ =>
                new FixedWindowRateLimiterOptions { PermitLimit = limits.AuthPerClient, Window = TimeSpan.FromMinutes(limits.AuthWindowMinutes) }));
            o.AddPolicy(RateLimitPolicies.Streaming, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Request.Cookies[SessionTokens.CookieName] is { } token ? "s:" + SessionTokens.Hash(token) : ClientKey(ctx), _ =>
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

    /// <summary>The client address after trusted <c>X-Forwarded-For</c> processing.</summary>
    public static string ClientKey(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    private static void UsePipeline(WebApplication app, Role role)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = Log.Logger.ForContext("App", WorkerInfo.Of(role).Name);
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.EnrichDiagnosticContext = (diag, http) => diag.Set("ClientAddress", ClientKey(http));
        });
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.UseRateLimiter();
        app.UseMiddleware<PublicCacheMiddleware>();
    }

    private static void MapHealth(WebApplication app, WorkerInfo worker)
    {
        app.MapGet("/health", () => Results.Json(new { status = "ok", worker = worker.Name }));
        app.MapGet("/health/ready", async (CodexDbContext db, CancellationToken ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            bool reachable;
            try { reachable = await db.Database.CanConnectAsync(timeout.Token); }
            catch (Exception e) when (ErrorMapping.IsDatabaseUnavailable(e) || e is OperationCanceledException) { reachable = false; }
            return reachable
                ? Results.Json(new { status = "ready", worker = worker.Name })
                : Results.Json(new ErrorEnvelope(new ErrorBody(ErrorCodes.ServiceUnavailable, "The database is not reachable.")),
                    ContractJson.Options, statusCode: 503);
        });
    }
}
