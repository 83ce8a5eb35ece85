using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Htmx;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Codex.Web.Infrastructure;

/// <summary>Redirects to sign-in, back to where the user was: a full redirect, or <c>HX-Redirect</c> for htmx.</summary>
public static class SignIn
{
    public static IActionResult Redirect(HttpContext context)
    {
        var request = context.Request;
        // For an htmx request the page the user sees is the one to come back to, not the fragment's URL.
        var back = request.IsHtmx() && request.Headers["HX-Current-URL"].ToString() is { Length: > 0 } current
            && Uri.TryCreate(current, UriKind.Absolute, out var uri) ? uri.PathAndQuery : request.Path + request.QueryString;
        var target = "/login?redirect=" + Uri.EscapeDataString(SafeRedirect.Or(back, "/"));
        return PageResults.Redirect(context, target);
    }
}

/// <summary>A page that needs a signed-in user: anonymous visitors go to sign in and come back.</summary>
public sealed class RequireSessionAttribute : ActionFilterAttribute
{
    public override void OnActionExecuting(ActionExecutingContext context)
    {
        if (!context.HttpContext.RequestServices.GetRequiredService<CurrentSession>().IsSignedIn)
            context.Result = SignIn.Redirect(context.HttpContext);
    }
}

/// <summary>A worker said 401 (the session ended meanwhile): sign in again and come back.</summary>
public sealed class WorkerUnauthorizedFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not WorkerCallException { Status: StatusCodes.Status401Unauthorized }) return;
        SiteCookies.ClearSession(context.HttpContext);
        context.Result = SignIn.Redirect(context.HttpContext);
        context.ExceptionHandled = true;
    }
}
