using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Admin.Audit;

/// <summary>
/// <c>/admin/audit</c> (platform admins): every action written to the audit log, newest first, filtered by action,
/// admin and target with a plain GET form (htmx swaps the table), 50 to a page.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class AdminAuditController(AdminClient admin) : Controller
{
    [HttpGet(SiteRoutes.AdminAudit)]
    public async Task<IActionResult> Index([FromQuery] AuditQueryForm query, [FromServices] IValidator<AuditQueryForm> validator, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(query, ct);
        AuditViewModel model;
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            model = new AuditViewModel(query, null, validation.ToDictionary().AsReadOnly());
        }
        else
        {
            try
            {
                model = new AuditViewModel(query, await admin.AuditAsync(query.ToQuery(), ct), new Dictionary<string, string[]>());
            }
            catch (WorkerUnavailableException)
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                model = new AuditViewModel(query, null, new Dictionary<string, string[]>());
            }
        }
        return Request.WantsFragment() ? PartialView("_AuditResults", model) : View("Index", model);
    }
}
