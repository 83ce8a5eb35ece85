using System.Text.Encodings.Web;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Codex.Web.Infrastructure.Auth;

/// <summary>The site's one authentication scheme: the <c>codex-session</c> cookie, resolved through the Auth worker.</summary>
public static class SessionAuthentication
{
    public const string Scheme = "codex-session";
}

/// <summary>Set on a request whose session cookie could not be checked because the Auth worker did not answer.</summary>
public sealed class SessionUnknownFeature;

public static class SessionStateExtensions
{
    /// <summary>
    /// Whether the request carries a session cookie that could not be checked (Auth down, slow, or refusing). Such a
    /// visitor is neither signed in nor signed out: pages that depend on who it is answer 503, never "sign in".
    /// </summary>
    public static bool SessionUnknown(this HttpContext context) => context.Features.Get<SessionUnknownFeature>() is not null;
}

/// <summary>
/// Turns the <c>codex-session</c> cookie into a <see cref="System.Security.Claims.ClaimsPrincipal"/>: from
/// <see cref="SessionCache"/> when it was resolved moments ago, else from the Auth worker, which also renews a session
/// used after half its life (the renewed cookie is passed on) and says when it has ended (the cookie is cleared).
/// A challenge sends the visitor to sign in and back, a forbid answers 403 (rendered by the error pages), both in the
/// shape the request asked for. The workers check the session again on every call: this only shapes the page.
/// </summary>
public sealed class SessionAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, SessionCache cache, UserInvalidations invalidations) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Cookies[SessionCookie.Name];
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();
        // Pages that depend on the session are never for shared caches. Set as the answer starts, and only if nothing
        // stricter was set (a page with a form is already no-store), so that antiforgery has nothing to override.
        Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            if (string.IsNullOrEmpty(response.Headers.CacheControl)) response.Headers.CacheControl = "private, no-cache";
            return Task.CompletedTask;
        }, Response);
        // A value no token can have (edited, or with characters a header to Auth cannot carry) is no session: before,
        // forwarding it failed as if Auth were down, and signed-in pages answered 503.
        if (!SessionCookie.IsWellFormed(token))
        {
            SiteCookies.ClearSession(Context);
            return AuthenticateResult.NoResult();
        }
        if (await cache.GetAsync(token, Context.RequestAborted) is { } known) return Success(known);

        var started = invalidations.Now();
        try
        {
            // Resolved only now: most requests (anonymous, or a cached session) never need a worker client.
            var auth = Context.RequestServices.GetRequiredService<AuthClient>();
            var issued = await auth.GetSessionAsync(Context.RequestAborted);
            if (issued is null)
            {
                SiteCookies.ClearSession(Context);
                return AuthenticateResult.NoResult();
            }
            var user = SignedInUser.From(issued.Session);
            if (issued.Token is { } renewed) SiteCookies.SetSession(Context, renewed, user.SessionExpiresAt);
            await cache.SetAsync(token, user, started, Context.RequestAborted);
            return Success(user);
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status401Unauthorized)
        {
            SiteCookies.ClearSession(Context);
            return AuthenticateResult.NoResult();
        }
        catch (Exception e) when (e is WorkerUnavailableException or WorkerCallException)
        {
            // Auth did not say who this is (down, slow, or refusing this client for now, e.g. a 429). The visitor is
            // not signed out: pages for signed-in users and pages that depend on who is looking answer 503 with a
            // retry (see SessionUnknown), public pages render with a notice, and the cookie stays for the next request.
            Logger.LogWarning(e, "Session lookup failed: {Path} answered without knowing who is signed in", Request.Path);
            Context.Features.Set(new SessionUnknownFeature());
            return AuthenticateResult.NoResult();
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.SessionUnknown())
        {
            // Not known to be signed out: the status code pages render the degraded notice (503) with a retry.
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "5";
            return Task.CompletedTask;
        }
        if (Request.Path.StartsWithSegments(SiteRoutes.Events))
        {
            // A stream is no page to come back to: a browser's EventSource gives up on a 401 instead of following a redirect.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        SignInRedirect.Apply(Context);
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // Left without a body: the status code pages render the 403 page (or its fragment for htmx).
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static AuthenticateResult Success(SignedInUser user) =>
        AuthenticateResult.Success(new AuthenticationTicket(user.ToPrincipal(), SessionAuthentication.Scheme));
}
