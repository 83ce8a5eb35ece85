using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Codex.Web.Infrastructure;

/// <summary>The error pages (<c>Features/Errors</c>), in the shape the request asked for: a whole page, or for a plain htmx request the page's body alone.</summary>
public static class ErrorPages
{
    public const string NotFound = "~/Features/Errors/NotFound.cshtml";
    public const string Forbidden = "~/Features/Errors/Forbidden.cshtml";
    public const string BadRequest = "~/Features/Errors/BadRequest.cshtml";
    public const string PayloadTooLarge = "~/Features/Errors/PayloadTooLarge.cshtml";
    public const string Error = "~/Features/Errors/Error.cshtml";
    public const string Unavailable = "~/Features/Errors/Unavailable.cshtml";
    /// <summary>The notice of a region (or fragment) whose worker did not answer.</summary>
    public const string UnavailableRegion = "_Unavailable";

    /// <summary>The view <paramref name="view"/> with <paramref name="status"/>, as a page or a fragment.</summary>
    public static IActionResult Render(HttpContext context, string view, int status, object? model = null, ModelStateDictionary? modelState = null)
    {
        var data = new ViewDataDictionary(new EmptyModelMetadataProvider(), modelState ?? new ModelStateDictionary()) { Model = model };
        return context.Request.WantsFragment()
            ? new PartialViewResult { ViewName = view, StatusCode = status, ViewData = data }
            : new ViewResult { ViewName = view, StatusCode = status, ViewData = data };
    }

    /// <summary>
    /// A worker outage: the whole page says so, with a retry; an htmx request gets only the notice, which retries into
    /// the region it was meant for (<c>HX-Target</c>), never a page nested inside that region.
    /// </summary>
    public static IActionResult Unavailability(HttpContext context, string? originalPath = null)
    {
        var request = context.Request;
        var retry = (originalPath ?? request.Path.ToString()) + request.QueryString;
        if (request.WantsFragment())
        {
            var target = request.Headers["HX-Target"].ToString();
            return Render(context, UnavailableRegion, StatusCodes.Status503ServiceUnavailable,
                new UnavailableViewModel(retry, target.Length is > 0 and <= 100 ? target : null));
        }
        return Render(context, Unavailable, StatusCodes.Status503ServiceUnavailable, new UnavailableViewModel(retry, null));
    }
}

/// <summary>A region or page whose worker did not answer.</summary>
/// <param name="RetryUrl">Where "try again" goes (the same request).</param>
/// <param name="TargetId">The region the retry swaps, when it is a region.</param>
public sealed record UnavailableViewModel(string RetryUrl, string? TargetId);

/// <summary>
/// The last line for a worker outage no page handled region by region: a 503 page (or fragment) with a retry
/// link, never a 500 or a stack trace.
/// </summary>
public sealed class WorkerUnavailableFilter(ILogger<WorkerUnavailableFilter> logger) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not WorkerUnavailableException unavailable) return;
        logger.LogWarning(unavailable.InnerException, "{Worker} unavailable while rendering {Path}", unavailable.Worker, context.HttpContext.Request.Path);
        context.Result = ErrorPages.Unavailability(context.HttpContext);
        context.ExceptionHandled = true;
    }
}

/// <summary>
/// A worker's refusal no page handled itself, as the seed's table says: 401 (the session ended meanwhile) → sign in
/// and come back; 403 → the forbidden page; 404 → the not-found page; each in the request's shape.
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
                context.Result = SignInRedirect.Result(context.HttpContext);
                break;
            case StatusCodes.Status403Forbidden:
                context.Result = ErrorPages.Render(context.HttpContext, ErrorPages.Forbidden, StatusCodes.Status403Forbidden);
                break;
            case StatusCodes.Status404NotFound:
                context.Result = ErrorPages.Render(context.HttpContext, ErrorPages.NotFound, StatusCodes.Status404NotFound);
                break;
            default:
                return;
        }
        context.ExceptionHandled = true;
    }
}
