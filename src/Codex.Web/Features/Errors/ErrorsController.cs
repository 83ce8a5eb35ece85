using Microsoft.AspNetCore.Diagnostics;

namespace Codex.Web.Features.Errors;

/// <summary>Error pages with the right status, each linking somewhere useful.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
[IgnoreAntiforgeryToken] // re-executed for failed POSTs too: the error page must not fail on the token
public sealed class ErrorsController : Controller
{
    /// <summary>Re-executed by the status-code-pages middleware for bodiless 4xx/5xx answers.</summary>
    [Route("/errors/{status:int}")]
    public IActionResult Status(int status)
    {
        Response.StatusCode = status is >= 400 and <= 599 ? status : 404;
        return View(Response.StatusCode switch
        {
            404 => "NotFound",
            403 => "Forbidden",
            >= 500 => "Error",
            _ => "BadRequest",
        });
    }

    /// <summary>Re-executed by the exception handler: a 500 page without details.</summary>
    [Route("/errors/exception")]
    public IActionResult Exception()
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        Response.StatusCode = 500;
        ViewData["Path"] = failure?.Path;
        return View("Error");
    }
}
