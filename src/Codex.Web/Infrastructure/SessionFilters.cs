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

/// <summary>
/// A worker's refusal no page handled itself, as the seed's table says: 401 (the session ended meanwhile) → sign in
/// and come back; 403 → the forbidden page; 404 → the not-found page.
/// </summary>
public sealed class WorkerRefusalFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not WorkerCallException refusal) return;
        switch (refusal.Status)
        {
            case StatusCodes.Status401Unauthorized:
                SiteCookies.ClearSession(context.HttpContext);
                context.Result = SignIn.Redirect(context.HttpContext);
                break;
            case StatusCodes.Status403Forbidden:
                context.Result = new ViewResult { ViewName = "~/Features/Errors/Forbidden.cshtml", StatusCode = StatusCodes.Status403Forbidden };
                break;
            case StatusCodes.Status404NotFound:
                context.Result = new ViewResult { ViewName = "~/Features/Errors/NotFound.cshtml", StatusCode = StatusCodes.Status404NotFound };
                break;
            default:
                return;
        }
        context.ExceptionHandled = true;
    }
}
