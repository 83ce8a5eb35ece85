namespace Codex.Web.Infrastructure;

/// <summary>Absolute URLs on the site's public address (<c>Codex__PublicUrl</c>): canonical links, sitemaps, cards.</summary>
public sealed class SiteUrls(Codex.ServiceDefaults.CodexOptions codex)
{
    public string Base => codex.PublicBase;

    /// <summary>An absolute URL for a site path; absolute inputs pass through.</summary>
    public string Absolute(string pathOrUrl) => codex.PublicLink(pathOrUrl);
}

/// <summary>
/// Anonymous answers of catalogue pages may be kept by browsers and shared caches for a minute; as soon as the
/// request carries any cookie (a session, a flash message) the page is private. That is set as the answer starts,
/// and only if nothing stricter was set by then: a page that renders a form's antiforgery token is already
/// <c>no-cache, no-store</c>, and a header set before the token would be overridden with a warning in the log on every
/// request.
/// </summary>
public sealed class PublicPageAttribute(int maxAgeSeconds = 60) : Microsoft.AspNetCore.Mvc.Filters.ResultFilterAttribute
{
    public override void OnResultExecuting(Microsoft.AspNetCore.Mvc.Filters.ResultExecutingContext context)
    {
        var http = context.HttpContext;
        if (http.Response.StatusCode != StatusCodes.Status200OK && context.Result is not ViewResult { StatusCode: null or 200 }) return;
        if (http.Request.Headers.Cookie.Count == 0) http.Response.Headers.CacheControl = $"public, max-age={maxAgeSeconds}";
        else http.Response.OnStarting(PrivateUnlessStricter, http.Response);
        http.Response.Headers.Append("Vary", "Cookie");
    }

    private static Task PrivateUnlessStricter(object state)
    {
        var response = (HttpResponse)state;
        if (string.IsNullOrEmpty(response.Headers.CacheControl)) response.Headers.CacheControl = "private, no-cache";
        return Task.CompletedTask;
    }
}
