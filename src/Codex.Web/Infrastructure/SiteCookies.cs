namespace Codex.Web.Infrastructure;

/// <summary>The session cookie on the site's own host (the browser never talks to a worker).</summary>
public static class SiteCookies
{
    public static void SetSession(HttpContext context, string token, DateTimeOffset expires) =>
        context.Response.Cookies.Append(SessionCookie.Name, token, Options(context, expires));

    public static void ClearSession(HttpContext context) =>
        context.Response.Cookies.Delete(SessionCookie.Name, Options(context, DateTimeOffset.UnixEpoch));

    private static CookieOptions Options(HttpContext context, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = !context.RequestServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment(),
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
