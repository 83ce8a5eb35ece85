using Codex.Web.Infrastructure.Htmx;
using Htmx;

namespace Codex.Web.Infrastructure.Auth;

/// <summary>
/// Sends a visitor to sign in and back to where they were: <c>HX-Redirect</c> for htmx (the page they are looking
/// at, from <c>HX-Current-URL</c>, not the fragment's URL), a 303 after a form post, a 302 otherwise.
/// </summary>
public static class SignInRedirect
{
    /// <summary>The sign-in URL that returns to the current page.</summary>
    public static string Location(HttpContext context)
    {
        var request = context.Request;
        var back = request.IsHtmx() && request.Headers["HX-Current-URL"].ToString() is { Length: > 0 } current
            && Uri.TryCreate(current, UriKind.Absolute, out var uri) ? uri.PathAndQuery : request.Path + request.QueryString;
        return To(back);
    }

    /// <summary>The sign-in URL that returns to <paramref name="localPath"/> (anything not a local path returns home).</summary>
    public static string To(string? localPath) => SiteRoutes.Login + "?redirect=" + Uri.EscapeDataString(SafeRedirect.Or(localPath, "/"));

    /// <summary>As an action result (a worker said the session ended mid-page).</summary>
    public static IActionResult Result(HttpContext context) => PageResults.Redirect(context, Location(context));

    /// <summary>Written straight to the response (the authentication handler's challenge).</summary>
    public static void Apply(HttpContext context)
    {
        var location = Location(context);
        context.Response.Headers.Append("Vary", "HX-Request");
        if (context.Request.IsHtmx())
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Htmx(h => h.Redirect(location));
            return;
        }
        context.Response.StatusCode = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? StatusCodes.Status302Found
            : StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }
}
