using Codex.Contracts.Admin;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Admin.Dashboard;

/// <summary>
/// <c>/admin</c>, for platform admins: the platform's figures for a period (<c>?from=&amp;to=</c>, a plain GET form;
/// htmx swaps the figures) as totals and three server-drawn SVG charts with their numbers in tables. A bad period is a
/// 400 with the errors beside the fields, the figures of the default period under them. The Admin-API decides who may
/// see them.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
[Route("/admin")]
public sealed class DashboardController(AdminClient admin, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DashboardForm form, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var query = AnalyticsQuery.Read(name => name switch
        {
            "from" => form.From,
            "to" => form.To,
            _ => null,
        }, today, out var fieldErrors);
        var model = new DashboardViewModel(form, fieldErrors ?? new Dictionary<string, string[]>());
        if (fieldErrors is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            query = AnalyticsQuery.Read(_ => null, today, out _);
        }
        try
        {
            model = model with { Stats = await admin.StatsAsync(query.From, query.To, ct) };
        }
        catch (WorkerUnavailableException)
        {
            model = model with { Unavailable = true };
            if (Response.StatusCode == StatusCodes.Status200OK) Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        return Request.WantsFragment() ? PartialView("_Stats", model) : View("Index", model);
    }
}
