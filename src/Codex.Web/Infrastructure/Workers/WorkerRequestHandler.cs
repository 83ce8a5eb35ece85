namespace Codex.Web.Infrastructure.Workers;

/// <summary>
/// Adds to every request the site makes to a worker: the request id (one id per page view across all logs),
/// the browser's address as <c>X-Forwarded-For</c> (so per-client limits stay per client) and the session cookie,
/// unless the call set one itself.
/// </summary>
public sealed class WorkerRequestHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (accessor.HttpContext is { } context)
        {
            request.Headers.Remove(Codex.ServiceDefaults.RequestIdMiddleware.Header);
            request.Headers.TryAddWithoutValidation(Codex.ServiceDefaults.RequestIdMiddleware.Header, context.TraceIdentifier);
            if (context.Connection.RemoteIpAddress is { } address)
            {
                request.Headers.Remove("X-Forwarded-For");
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", address.ToString());
            }
            // A call that names its session itself (a cache filling in the background) keeps it. A cookie no token can
            // be is not passed on: it is no session, and a value a header cannot carry would fail the call.
            if (!request.Headers.Contains("Cookie") && context.Request.Cookies[SessionCookie.Name] is { } token && SessionCookie.IsWellFormed(token))
                request.Headers.TryAddWithoutValidation("Cookie", $"{SessionCookie.Name}={token}");
        }
        return base.SendAsync(request, ct);
    }
}
