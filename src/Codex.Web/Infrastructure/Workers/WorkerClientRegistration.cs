using Codex.Contracts;
using Microsoft.Extensions.Http.Resilience;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>Time budgets of every call from the site to a worker (section <c>WorkerClients</c>).</summary>
public sealed class WorkerClientOptions
{
    /// <summary>The whole call, retries included: a page never waits longer than this for one worker.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>One attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1.5);
    public int MaxRetries { get; set; } = 2;
}

/// <summary>Registers one typed client per worker, with resilience configured once for all of them.</summary>
public static class WorkerClientRegistration
{
    public static IServiceCollection AddWorkerClients(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("WorkerClients").Get<WorkerClientOptions>() ?? new WorkerClientOptions();
        services.AddHttpContextAccessor();
        services.AddTransient<WorkerRequestHandler>();
        services.ConfigureHttpClientDefaults(http =>
        {
            http.AddHttpMessageHandler<WorkerRequestHandler>();
            http.AddStandardResilienceHandler(r =>
            {
                r.TotalRequestTimeout.Timeout = options.TotalTimeout;
                r.AttemptTimeout.Timeout = options.AttemptTimeout;
                r.Retry.MaxRetryAttempts = options.MaxRetries;
                r.Retry.Delay = TimeSpan.FromMilliseconds(50);
                r.Retry.DisableForUnsafeHttpMethods(); // only writes with an Idempotency-Key opt back in
                r.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(10, options.AttemptTimeout.TotalSeconds * 2));
                r.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(5);
            });
        });
        services.AddHttpClient<ContentClient>(c => c.BaseAddress = BaseAddress(config, Role.ContentApi));
        services.AddHttpClient<OrganizationClient>(c => c.BaseAddress = BaseAddress(config, Role.OrganizationApi));
        services.AddHttpClient<AuthClient>(c => c.BaseAddress = BaseAddress(config, Role.Auth));
        services.AddHttpClient<NotificationsClient>(c => c.BaseAddress = BaseAddress(config, Role.NotificationsApi));
        return services;
    }

    /// <summary>A worker's base URL: its <c>PUBLIC_*_URL</c> setting, or the contract's development port.</summary>
    public static Uri BaseAddress(IConfiguration config, Role role)
    {
        var worker = WorkerInfo.Of(role);
        return new Uri(config[worker.UrlVariable] is { Length: > 0 } url ? url : worker.DefaultUrl);
    }
}
