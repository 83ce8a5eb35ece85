using Codex.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Serilog;

namespace Codex.ServiceDefaults;

/// <summary>The name of the app a service provider belongs to (<c>site</c>, <c>auth</c>, <c>content-api</c>, ...).</summary>
public sealed record AppIdentity(string Name);

/// <summary>
/// What the site and every worker set up the same way (dotnet/eShop's ServiceDefaults): settings bound once and
/// validated at start, Serilog, forwarded headers from trusted proxies only, a request id, health checks, and
/// OpenTelemetry metrics served in Prometheus format at <c>/metrics</c>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the health checks <c>/health/ready</c> runs (liveness runs none).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Registers the defaults for the app <paramref name="appName"/>. <paramref name="forwarded"/> says which
    /// <c>X-Forwarded-*</c> headers it honours from a trusted proxy (the site also takes the scheme).
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string appName, ForwardedHeaders forwarded)
    {
        var services = builder.Services;
        services.AddSingleton(new AppIdentity(appName));
        services.AddSingleton<IValidateOptions<CodexOptions>, CodexOptionsValidator>();
        services.AddOptions<CodexOptions>().Configure(o => o.BindFrom(builder.Configuration)).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CodexOptions>>().Value);

        services.AddSerilog(Log.Logger.ForContext("App", appName));

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<CodexOptions>>((o, codex) =>
        {
            o.ForwardedHeaders = forwarded;
            o.ForwardLimit = 1;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var network in codex.Value.ProxyNetworks) o.KnownIPNetworks.Add(network);
        });

        // Every HttpClient from the factory (the site's worker clients, workers calling workers or the site) carries
        // only the headers its caller sets: no cookie jar. A jar is shared by every request of a pooled handler, so a
        // session cookie one answer set (a sign-in) rode along on other visitors' calls and signed them in as that
        // person. Sessions travel as the Cookie header the caller forwards, and Set-Cookie is read from the answer.
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        }));
        services.AddHealthChecks();
        services.AddSingleton<CodexMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("codex-" + appName))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter(CodexMetrics.MeterName)
                    .AddPrometheusExporter();
                // In the all-in-one host nine apps share the process, and a meter provider listens to every meter of
                // a name: keep only the instruments this app's own meter factory made, so its /metrics is its own.
                ((IDeferredMeterProviderBuilder)m).Configure((sp, b) =>
                {
                    var own = sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
                    b.AddView(instrument => instrument.Meter.Scope is System.Diagnostics.Metrics.IMeterFactory factory && !ReferenceEquals(factory, own)
                        ? MetricStreamConfiguration.Drop
                        : null);
                });
            });
        return builder;
    }

    /// <summary>
    /// The first middleware of every app: the client address from a trusted proxy, the request id (taken from the
    /// caller when it is safe, so one id follows a page view through every log), and one log line per request.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        var name = app.Services.GetRequiredService<AppIdentity>().Name;
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = Log.Logger.ForContext("App", name);
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.EnrichDiagnosticContext = (diag, http) => diag.Set("ClientAddress", ClientAddress(http));
            // Scrapes and probes every few seconds are noise at Information.
            o.GetLevel = (http, _, failure) => failure is not null || http.Response.StatusCode >= 500
                ? Serilog.Events.LogEventLevel.Error
                : IsProbe(http.Request.Path) ? Serilog.Events.LogEventLevel.Verbose : Serilog.Events.LogEventLevel.Information;
        });
        return app;
    }

    /// <summary>
    /// <c>GET /health</c> (liveness: the process answers), <c>GET /health/ready</c> (every check tagged
    /// <see cref="ReadyTag"/> passes, else a 503 in the contract's envelope) and <c>GET /metrics</c> (Prometheus text,
    /// for clients in <c>Codex__MetricsNetworks</c> only; anyone else gets a 404).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        var name = app.Services.GetRequiredService<AppIdentity>().Name;
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => context.Response.WriteAsJsonAsync(new { status = "ok", app = name }),
        }).WithMetadata(ReadOnly).DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status200OK, [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
            ResponseWriter = (context, report) => report.Status == HealthStatus.Unhealthy
                ? context.Response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorBody(ErrorCodes.ServiceUnavailable,
                    report.Entries.Values.Select(e => e.Description).FirstOrDefault(d => d is not null) ?? "A dependency is not reachable.")),
                    ContractJson.Options)
                : context.Response.WriteAsJsonAsync(new { status = "ready", app = name }),
        }).WithMetadata(ReadOnly).DisableRateLimiting();
        var networks = app.Services.GetRequiredService<CodexOptions>().MetricsClientNetworks;
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(ReadOnly).DisableRateLimiting();
        app.Use(async (context, next) =>
        {
            // Any spelling routing would match (/metrics/, /METRICS) is guarded, not only the exact path.
            if (context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase)
                && !(context.Connection.RemoteIpAddress is { } address && networks.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context);
        });
        return app;
    }

    private const string MetricsPath = "/metrics";
    private static readonly HttpMethodMetadata ReadOnly = new([HttpMethods.Get, HttpMethods.Head]);

    /// <summary>The client address after trusted <c>X-Forwarded-For</c> processing.</summary>
    public static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? System.Net.IPAddress.None.ToString();

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
