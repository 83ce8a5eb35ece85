using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Codex.Web.Infrastructure;

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
        var retry = context.HttpContext.Request.Path + context.HttpContext.Request.QueryString;
        context.Result = new ViewResult
        {
            ViewName = "Unavailable",
            StatusCode = StatusCodes.Status503ServiceUnavailable,
            ViewData = new ViewDataDictionary<UnavailableViewModel>(
                new Microsoft.AspNetCore.Mvc.ModelBinding.EmptyModelMetadataProvider(), context.ModelState)
            {
                Model = new UnavailableViewModel(retry, null),
            },
        };
        context.ExceptionHandled = true;
    }
}

/// <summary>A region or page whose worker did not answer.</summary>
/// <param name="RetryUrl">Where "try again" goes (the same request).</param>
/// <param name="TargetId">The region the retry swaps, when it is a region.</param>
public sealed record UnavailableViewModel(string RetryUrl, string? TargetId);
