using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Diagnostics;

namespace Codex.Web.Features.Errors;

/// <summary>Error pages with the right status, each linking somewhere useful, as a page or an htmx fragment.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
[IgnoreAntiforgeryToken] // re-executed for failed POSTs too: the error page must not fail on the token
public sealed class ErrorsController : Controller
{
    /// <summary>Re-executed by the status-code-pages middleware for bodiless 4xx/5xx answers (a forbid, an unknown route).</summary>
    [Route("/errors/{status:int}")]
    public IActionResult Status()
    {
        // Read from the route, not bound: re-executed for a failed POST, model binding would read its form first (a
        // field named "status" would choose the page, and a form too large to read left the status 0, a 404).
        var code = int.TryParse(RouteData.Values["status"] as string, out var status) && status is >= 400 and <= 599 ? status : 404;
        // A 503 (a session that could not be checked, a worker that did not answer) offers to retry the same request.
        if (code == StatusCodes.Status503ServiceUnavailable)
            return ErrorPages.Unavailability(HttpContext, HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } original
                ? original.OriginalPathBase + original.OriginalPath + original.OriginalQueryString
                : null);
        return ErrorPages.Render(HttpContext, code switch
        {
            404 => ErrorPages.NotFound,
            403 => ErrorPages.Forbidden,
            413 => ErrorPages.PayloadTooLarge,
            >= 500 => ErrorPages.Error,
            _ => ErrorPages.BadRequest,
        }, code);
    }

    /// <summary>
    /// Re-executed by the exception handler: a 503 when a worker did not answer; the visitor's 4xx when the request
    /// itself could not be read (a body over the server's limit is a 413, a body cut short a 400); else a 500 page
    /// without details.
    /// </summary>
    [Route("/errors/exception")]
    public IActionResult Exception()
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        return failure?.Error switch
        {
            WorkerUnavailableException => ErrorPages.Unavailability(HttpContext, failure.Path),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ErrorPages.Render(HttpContext, ErrorPages.PayloadTooLarge, StatusCodes.Status413PayloadTooLarge),
            BadHttpRequestException { StatusCode: >= 400 and < 500 } bad => ErrorPages.Render(HttpContext, ErrorPages.BadRequest, bad.StatusCode),
            _ => ErrorPages.Render(HttpContext, ErrorPages.Error, StatusCodes.Status500InternalServerError),
        };
    }
}
