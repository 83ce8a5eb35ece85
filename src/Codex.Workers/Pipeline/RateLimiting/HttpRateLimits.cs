using Microsoft.AspNetCore.RateLimiting;

namespace Codex.Workers.Pipeline.RateLimiting;

/// <summary>
/// The request limits of one worker, counted in the shared store so that replicas add up (ADR 041): every request per
/// client address (<c>RateLimits__PerClientPerMinute</c>), and the named policies an endpoint asks for with ASP.NET's
/// own <c>.RequireRateLimiting(name)</c>; <c>.DisableRateLimiting()</c> exempts one. Keys carry the worker's name, so a
/// limit counts one worker's requests, as it did when each worker kept its own.
/// </summary>
public sealed class HttpRateLimits
{
    private readonly RateLimitRule _global;
    private readonly Dictionary<string, (RateLimitRule Rule, Func<HttpContext, string> Partition)> _policies;

    public HttpRateLimits(string worker, RateLimitOptions limits)
    {
        var authWindow = TimeSpan.FromMinutes(limits.AuthWindowMinutes);
        // Capacity limits: an unreachable store lets requests through (the per-email and per-account limits still hold).
        _global = new RateLimitRule(worker + ":client", limits.PerClientPerMinute, TimeSpan.FromMinutes(1), FailOpen: true);
        _policies = new(StringComparer.Ordinal)
        {
            [RateLimitPolicies.Auth] = (new RateLimitRule(worker + ":auth", limits.AuthPerClient, authWindow, FailOpen: true),
                ServiceDefaultsExtensions.ClientAddress),
            [RateLimitPolicies.Streaming] = (new RateLimitRule(worker + ":streaming", limits.StreamingPerUserPerMinute, TimeSpan.FromMinutes(1), FailOpen: true),
                ctx => ctx.Request.Cookies[SessionCookie.Name] is { } token ? "s:" + SessionTokens.Hash(token) : ServiceDefaultsExtensions.ClientAddress(ctx)),
        };
    }

    /// <summary>Null when the request may go on, else the refusal.</summary>
    public async ValueTask<RateLimitDecision?> CheckAsync(HttpContext context, SharedLimits limits)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null) return null;
        var ct = context.RequestAborted;
        if (!IsProbe(context.Request.Path)
            && await limits.TakeAsync(_global, ServiceDefaultsExtensions.ClientAddress(context), ct) is { Granted: false } refused)
            return refused;
        if (endpoint?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is { PolicyName: { } name })
        {
            var (rule, partition) = _policies.TryGetValue(name, out var policy)
                ? policy
                : throw new InvalidOperationException($"No rate-limit policy is named \"{name}\".");
            if (await limits.TakeAsync(rule, partition(context), ct) is { Granted: false } byPolicy) return byPolicy;
        }
        return null;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}

/// <summary>Refuses a request over one of <see cref="HttpRateLimits"/> with the contract's 429 envelope and <c>Retry-After</c>.</summary>
public sealed class HttpRateLimitMiddleware(RequestDelegate next, HttpRateLimits rules, SharedLimits limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (await rules.CheckAsync(context, limits) is { } refused)
        {
            var seconds = refused.RetryAfterSeconds;
            await ErrorEnvelopeMiddleware.WriteAsync(context, StatusCodes.Status429TooManyRequests, new ErrorBody(ErrorCodes.RateLimited,
                $"Too many requests. Please try again in {seconds} seconds.", new RateLimitDetails(seconds)));
            return;
        }
        await next(context);
    }
}
