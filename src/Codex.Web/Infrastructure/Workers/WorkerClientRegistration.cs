using Codex.ServiceDefaults;
using Microsoft.Extensions.Http.Resilience;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>One typed client per worker, each with the same handlers and the three budgets, registered once.</summary>
public static class WorkerClientRegistration
{
    public static IServiceCollection AddWorkerClients(this IServiceCollection services, IConfiguration config)
    {
        services.AddSettings<WorkerClientOptions>(config, WorkerClientOptions.Section, o => o.Problems());
        services.AddHttpContextAccessor();
        services.AddTransient<WorkerRequestHandler>();
        services.AddTransient<WorkerCallMetricsHandler>();
        services.AddTransient<UploadIdleTimeoutHandler>();

        services.AddWorkerClient<AuthClient>(Role.Auth);
        services.AddWorkerClient<ContentClient>(Role.ContentApi);
        services.AddWorkerClient<SitemapClient>(Role.ContentApi);
        services.AddWorkerClient<OrganizationClient>(Role.OrganizationApi);
        services.AddWorkerClient<EcomClient>(Role.EcomApi);
        services.AddWorkerClient<NotificationsClient>(Role.NotificationsApi);
        services.AddWorkerClient<AdminClient>(Role.AdminApi);
        services.AddWorkerClient<IdentityClient>(Role.IdentityApi);
        return services;
    }

    /// <summary>
    /// A typed client for one worker: its base address from <see cref="CodexOptions"/> (or <paramref name="baseAddress"/>),
    /// the session and request id forwarded, its calls measured, and the budget pipeline each call chooses.
    /// </summary>
    public static IHttpClientBuilder AddWorkerClient<TClient>(this IServiceCollection services, Role role, Func<IServiceProvider, Uri>? baseAddress = null)
        where TClient : class
    {
        var client = services.AddHttpClient<TClient>((sp, http) =>
        {
            http.BaseAddress = baseAddress?.Invoke(sp) ?? sp.GetRequiredService<CodexOptions>().WorkerBase(role);
            http.Timeout = Timeout.InfiniteTimeSpan; // the budgets own time; an upload may take as long as it keeps moving
        });
        client.AddHttpMessageHandler<WorkerRequestHandler>();
        client.AddHttpMessageHandler<WorkerCallMetricsHandler>();
        // Outside the budgets: an upload the browser stops feeding is the client's stall, not the worker's failure,
        // so the circuit breaker must not see its timeout.
        client.AddHttpMessageHandler<UploadIdleTimeoutHandler>();
        client.AddResilienceHandler("budgets", (pipeline, context) =>
                WorkerCallBudgets.Configure(pipeline, context.InstanceName, context.ServiceProvider.GetRequiredService<WorkerClientOptions>()))
            .SelectPipelineBy(_ => request => WorkerCallBudgets.Of(request).ToString());
        return client;
    }
}
