using Htmx;

namespace Codex.Web.Infrastructure.Htmx;

/// <summary>Redirects in both shapes.</summary>
public static class PageResults
{
    /// <summary>
    /// Sends the browser to <paramref name="location"/>: <c>HX-Redirect</c> for htmx (a full navigation, since the
    /// header and the page both change), a 303 See Other after a form post (post/redirect/get), a 302 otherwise.
    /// </summary>
    public static IActionResult Redirect(HttpContext context, string location)
    {
        if (context.Request.IsHtmx())
        {
            context.Response.Htmx(h => h.Redirect(location));
            return new OkResult();
        }
        return HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? new RedirectResult(location)
            : new SeeOtherResult(location);
    }

    private sealed class SeeOtherResult(string location) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.HttpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
