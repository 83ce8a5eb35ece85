using System.Security.Cryptography;
using System.Text;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.OutputCaching;

namespace Codex.Web.Features.Offline;

/// <summary>
/// Offline reading (issue 16, ADR 038): the service worker at <c>/sw.js</c> (its scope is the whole site) and the
/// page it shows for a page it did not keep, <c>/offline</c>, which is also an ordinary page.
/// </summary>
public sealed class OfflineController(IFileVersionProvider versions) : Controller
{
    public const string WorkerPath = "/sw.js";
    public const string PagePath = "/offline";

    /// <summary>
    /// The worker, rendered with the version of the static files it keeps. <c>no-cache</c>: the browser asks again each
    /// time it checks for an update (a 304 while nothing changed), so a new version reaches it at once.
    /// </summary>
    [HttpGet(WorkerPath)]
    public IActionResult Worker()
    {
        var worker = ServiceWorkerScript.Render(versions, Request.PathBase);
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{worker.Version}\"");
        Response.Headers.CacheControl = "no-cache";
        Response.Headers.ETag = etag.ToString();
        if (Request.Headers.IfNoneMatch.ToString().Contains(etag.Tag.ToString(), StringComparison.Ordinal))
            return StatusCode(StatusCodes.Status304NotModified);
        return Content(worker.Text, "text/javascript; charset=utf-8");
    }

    /// <summary>What the worker shows offline for a page it did not keep; the same for everyone (it is fetched without cookies).</summary>
    [HttpGet(PagePath)]
    [PublicPage(300), OutputCache(PolicyName = AnonymousPageCache.Policy)]
    public IActionResult Page()
    {
        ViewData["Title"] = "You are offline";
        ViewData["NoIndex"] = true;
        return Request.WantsFragment() ? PartialView("_Offline") : View("Offline");
    }
}

/// <summary>
/// Marks a page the service worker may keep for reading offline: header <see cref="Header"/>, whose value names the
/// reader (a hash of the user's id, or <c>anonymous</c>) so that pages kept for one reader are dropped when pages of
/// another come. Only pages whose whole body the reader may read carry it, and only as a full page (never a fragment).
/// </summary>
public static class OfflineCopy
{
    public const string Header = "Codex-Offline";
    public const string Anonymous = "anonymous";

    public static void Allow(HttpContext context)
    {
        if (context.Request.WantsFragment() || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) return;
        context.Response.Headers[Header] = Reader(context.User.UserId());
    }

    /// <summary>Not the id itself: the header names a reader, it does not identify one to anything that logs headers.</summary>
    public static string Reader(Guid? userId) => userId is { } id
        ? "u-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("codex offline reader " + id.ToString("D"))))[..20]
        : Anonymous;
}

/// <summary>
/// Renders <c>sw.js</c> (an embedded template) with the shell it keeps: the offline page and the versioned URLs of the
/// files every page loads, exactly as the layout writes them (<see cref="IFileVersionProvider"/>). Its version is a
/// hash of those URLs and of the template, so a changed file or a changed worker is a new worker with a new cache.
/// </summary>
public static class ServiceWorkerScript
{
    /// <summary>The files every page loads (the layout) and player.js (articles and players, which offline pages keep).</summary>
    public static readonly IReadOnlyList<string> ShellFiles =
        ["/css/site.css", "/lib/htmx/htmx.min.js", "/js/site.js", "/js/player.js"];

    private static readonly string Template = ReadTemplate();
    private static volatile Rendered? _last;

    public sealed record Rendered(string Version, string Text);

    public static Rendered Render(IFileVersionProvider versions, PathString pathBase)
    {
        var shell = ShellFiles.Select(file => versions.AddFileVersionToPath(pathBase, file))
            .Append("/favicon.ico").Append(OfflineController.PagePath).ToArray();
        var last = _last;
        if (last is not null && last.Text.Contains(Json(shell), StringComparison.Ordinal)) return last;
        return _last = Build(Template, shell);
    }

    /// <summary>The worker for <paramref name="shell"/>; public for tests (a changed file is a new version).</summary>
    public static Rendered Build(string template, IReadOnlyList<string> shell)
    {
        var list = Json(shell);
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template + "\n" + list)))[..16];
        var text = template.Replace("__SHELL__", list).Replace("__VERSION__", version)
            .Replace("__OFFLINE__", OfflineController.PagePath).Replace("__KEEP__", OfflineCopy.Header);
        return new Rendered(version, text);
    }

    private static string Json(IReadOnlyList<string> shell) => System.Text.Json.JsonSerializer.Serialize(shell);

    public static string ReadTemplate()
    {
        using var stream = typeof(ServiceWorkerScript).Assembly.GetManifestResourceStream("Codex.Web.Features.Offline.sw.js")
            ?? throw new InvalidOperationException("sw.js is not embedded in the site's assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
