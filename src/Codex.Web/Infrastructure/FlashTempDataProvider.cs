using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Codex.Web.Infrastructure;

/// <summary>
/// The cookie TempData provider (where flash messages ride), minus one habit: the layout reads the flash on every page,
/// and the provider then answers <c>Set-Cookie</c> deleting its cookie even when the request had none. Such a page
/// cannot be shared by any cache, the site's own (ADR 027) or one in front of it; so nothing is written when there is
/// nothing to keep and nothing to delete.
/// </summary>
public sealed class FlashTempDataProvider(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    private readonly string _cookieName = options.Value.Cookie.Name ?? CookieTempDataProvider.CookieName;

    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(_cookieName)) return;
        cookies.SaveTempData(context, values);
    }
}
