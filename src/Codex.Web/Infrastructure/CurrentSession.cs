using Codex.Contracts.Auth;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Infrastructure;

/// <summary>
/// Who is signed in, looked up once per request (by <see cref="SessionMiddleware"/>) and read by the header, the
/// controllers and the filters.
/// </summary>
public sealed class CurrentSession
{
    public AuthSessionDto? Session { get; set; }
    public UserDto? User => Session?.User;
    public bool IsSignedIn => Session is not null;
    /// <summary>True when a cookie was sent but the Auth worker could not be asked about it.</summary>
    public bool Unknown { get; set; }
}

/// <summary>
/// Resolves the <c>codex-session</c> cookie through the Auth worker before the page runs; clears a cookie the
/// worker no longer knows, and carries a renewal over to the site's cookie.
/// </summary>
public sealed class SessionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentSession current, AuthClient auth, ILogger<SessionMiddleware> logger)
    {
        if (context.Request.Cookies.ContainsKey(SiteCookies.SessionCookie))
        {
            // Pages that depend on the session are never for shared caches.
            context.Response.Headers.CacheControl = "private, no-cache";
            try
            {
                var issued = await auth.GetSessionAsync(context.RequestAborted);
                current.Session = issued?.Session;
                if (issued is null) SiteCookies.ClearSession(context);
                else if (issued.Token is { } token) SiteCookies.SetSession(context, token, issued.Session.Session.ExpiresAt);
            }
            catch (WorkerUnavailableException e)
            {
                logger.LogWarning(e.InnerException, "Auth unavailable: rendering {Path} as signed out", context.Request.Path);
                current.Unknown = true;
            }
        }
        await next(context);
    }
}
