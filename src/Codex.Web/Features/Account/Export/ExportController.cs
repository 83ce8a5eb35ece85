using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Account.Export;

/// <summary>
/// <c>/account/export</c>: what the export holds, and a download button. The download streams the Identity-API's JSON
/// document through as an attachment, never cached anywhere.
/// </summary>
[Authorize]
public sealed class ExportController(IdentityClient identity) : Controller
{
    public const string DownloadPath = SiteRoutes.AccountExport + "/download";

    [HttpGet(SiteRoutes.AccountExport)]
    public IActionResult Index() => Request.WantsFragment() ? PartialView("_ExportPanel") : View();

    [HttpGet(DownloadPath)]
    public async Task<IActionResult> Download(CancellationToken ct)
    {
        var download = await identity.ExportAsync(ct);
        Response.RegisterForDispose(download);
        Response.Headers.CacheControl = "private, no-store";
        return File(download.Body, "application/json", download.FileName);
    }
}
