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
    /// <summary>
    /// Account forms (sign-in, sign-up, reset): the worker hashes a password (PBKDF2, about 0.2 s idle and more
    /// under load), so these calls get a longer budget than page reads; the user is looking at a submit button.
    /// </summary>
    public TimeSpan FormsTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Registers one typed client per worker, with resilience configured once for all of them.</summary>
public static class WorkerClientRegistration
{
    public static IServiceCollection AddWorkerClients(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("WorkerClients").Get<WorkerClientOptions>() ?? new WorkerClientOptions();
        services.AddHttpContextAccessor();
        services.AddTransient<WorkerRequestHandler>();
        services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler<WorkerRequestHandler>());

        // One resilience policy for page reads, in one place; the account forms only get a longer clock.
        void Resilient(IHttpClientBuilder client, TimeSpan total, TimeSpan attempt, bool retryWrites = false) =>
            client.AddStandardResilienceHandler(r =>
            {
                r.TotalRequestTimeout.Timeout = total;
                r.AttemptTimeout.Timeout = attempt;
                r.Retry.MaxRetryAttempts = options.MaxRetries;
                r.Retry.Delay = TimeSpan.FromMilliseconds(50);
                if (!retryWrites) r.Retry.DisableForUnsafeHttpMethods(); // only writes with an Idempotency-Key opt back in
                r.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(10, attempt.TotalSeconds * 2));
                r.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(5);
            });
        void Worker<TClient>(Role role) where TClient : class =>
            Resilient(services.AddHttpClient<TClient>(c => c.BaseAddress = BaseAddress(config, role)), options.TotalTimeout, options.AttemptTimeout);

        Worker<ContentClient>(Role.ContentApi);
        Worker<AccessClient>(Role.ContentApi);
        Worker<OrganizationClient>(Role.OrganizationApi);
        Worker<AuthClient>(Role.Auth);
        Worker<NotificationsClient>(Role.NotificationsApi);
        // Ecom's one write (checkout create) always carries an Idempotency-Key, so retrying it is safe.
        Resilient(services.AddHttpClient<EcomClient>(c => c.BaseAddress = BaseAddress(config, Role.EcomApi)),
            options.FormsTimeout, options.AttemptTimeout * 2, retryWrites: true);
        Resilient(services.AddHttpClient(AuthClient.FormsClientName, c => c.BaseAddress = BaseAddress(config, Role.Auth)),
            options.FormsTimeout, options.FormsTimeout - TimeSpan.FromMilliseconds(100));
        return services;
    }

    /// <summary>A worker's base URL: its <c>PUBLIC_*_URL</c> setting, or the contract's development port.</summary>
    public static Uri BaseAddress(IConfiguration config, Role role)
    {
        var worker = WorkerInfo.Of(role);
        return worker.BaseAddress(config[worker.UrlVariable]);
    }
}
