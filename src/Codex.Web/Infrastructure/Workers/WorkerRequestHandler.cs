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
            // A call that names its session itself (a cache filling in the background) keeps it; one that fills a cache
            // shared by every visitor (SharedRead) carries none. A cookie no token can be is not passed on: it is no
            // session, and a value a header cannot carry would fail the call.
            if (!SharedRead.Active && !request.Headers.Contains("Cookie")
                && context.Request.Cookies[SessionCookie.Name] is { } token && SessionCookie.IsWellFormed(token))
                request.Headers.TryAddWithoutValidation("Cookie", $"{SessionCookie.Name}={token}");
        }
        return base.SendAsync(request, ct);
    }
}

/// <summary>
/// Worker calls made to fill an entry every visitor will be served (the catalogue's shared cache) are made as nobody:
/// without the visitor's session, so that no signed-in caller's view of an item (a draft, a body they paid for) can
/// ever land in an entry that others read. Scoped to the async flow that opened it.
/// </summary>
public static class SharedRead
{
    private static readonly AsyncLocal<bool> Flag = new();

    /// <summary>Whether the current flow is filling a shared entry.</summary>
    public static bool Active => Flag.Value;

    /// <summary>
    /// Runs <paramref name="read"/> as nobody. The flag is set inside an async method of its own, so it never leaks
    /// back into the caller's flow (an async method restores its caller's context when it returns).
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        Flag.Value = true;
        return await read(ct);
    }
}
