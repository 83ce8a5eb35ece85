using Htmx;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Codex.Web.Infrastructure.Htmx;

/// <summary>One rule for which shape a request gets: the fragment for a plain htmx request, the full page otherwise.</summary>
public static class PageShape
{
    /// <summary>
    /// True for a plain htmx request. Boosted requests and history restores get the full page, as does every
    /// request without JavaScript.
    /// </summary>
    public static bool WantsFragment(this HttpRequest request) =>
        request.IsHtmx() && !request.IsHtmxBoosted() && !request.IsHtmxHistoryRestoreRequest();
}

/// <summary>
/// Every site response varies on <c>HX-Request</c>: the same URL answers a full page or a fragment, and no cache
/// may hand one to a request that asked for the other.
/// </summary>
public sealed class VaryOnHtmxFilter : IResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context) =>
        context.HttpContext.Response.Headers.Append("Vary", "HX-Request");

    public void OnResultExecuted(ResultExecutedContext context) { }
}
