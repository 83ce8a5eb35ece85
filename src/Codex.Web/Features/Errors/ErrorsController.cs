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
    public IActionResult Status(int status)
    {
        var code = status is >= 400 and <= 599 ? status : 404;
        // A 503 (a session that could not be checked, a worker that did not answer) offers to retry the same request.
        if (code == StatusCodes.Status503ServiceUnavailable)
            return ErrorPages.Unavailability(HttpContext, HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } original
                ? original.OriginalPathBase + original.OriginalPath + original.OriginalQueryString
                : null);
        return ErrorPages.Render(HttpContext, code switch
        {
            404 => ErrorPages.NotFound,
            403 => ErrorPages.Forbidden,
            >= 500 => ErrorPages.Error,
            _ => ErrorPages.BadRequest,
        }, code);
    }

    /// <summary>Re-executed by the exception handler: a 503 when a worker did not answer, else a 500 page without details.</summary>
    [Route("/errors/exception")]
    public IActionResult Exception()
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        return failure?.Error is WorkerUnavailableException
            ? ErrorPages.Unavailability(HttpContext, failure.Path)
            : ErrorPages.Render(HttpContext, ErrorPages.Error, StatusCodes.Status500InternalServerError);
    }
}
