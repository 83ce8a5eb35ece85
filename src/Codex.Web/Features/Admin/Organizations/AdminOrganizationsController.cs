using Codex.Contracts.Admin;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Admin.Organizations;

/// <summary>
/// <c>/admin/organizations</c> (platform admins): every organization with its members and published items, searched and
/// filtered with a plain GET form (htmx swaps the results), and one page per organization where it is suspended or
/// its suspension lifted, each after a confirmation step with a required reason (ADR 028), in the same two shapes as
/// the users pages.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
[Route("/admin/organizations")]
public sealed class AdminOrganizationsController(AdminClient admin) : FormController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] OrganizationsQueryForm query, [FromServices] IValidator<OrganizationsQueryForm> validator,
        CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(query, ct);
        OrganizationsViewModel model;
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            model = new OrganizationsViewModel(query, null, validation.ToDictionary().AsReadOnly());
        }
        else
        {
            try
            {
                model = new OrganizationsViewModel(query, await admin.OrganizationsAsync(query.ToQuery(), ct), new Dictionary<string, string[]>());
            }
            catch (WorkerUnavailableException)
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                model = new OrganizationsViewModel(query, null, new Dictionary<string, string[]>());
            }
        }
        return Request.WantsFragment() ? PartialView("_OrganizationsResults", model) : View("Index", model);
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct)
    {
        if (await admin.OrganizationAsync(id, ct) is not { } organization) return NotFound();
        return Request.WantsFragment() ? PartialView("_OrganizationPanel", organization) : View("Show", organization);
    }

    [HttpGet("{id:guid}/suspend")]
    public Task<IActionResult> Suspend(Guid id, CancellationToken ct) => ConfirmAsync(id, suspend: true, ct);

    [HttpGet("{id:guid}/unsuspend")]
    public Task<IActionResult> Unsuspend(Guid id, CancellationToken ct) => ConfirmAsync(id, suspend: false, ct);

    [HttpPost("{id:guid}/suspend")]
    [ActionName("Suspend")]
    public Task<IActionResult> SuspendConfirmed(Guid id, [FromForm] SuspensionForm form, [FromServices] IValidator<SuspensionForm> validator,
        CancellationToken ct) => ActAsync(id, suspend: true, form, validator, ct);

    [HttpPost("{id:guid}/unsuspend")]
    [ActionName("Unsuspend")]
    public Task<IActionResult> UnsuspendConfirmed(Guid id, [FromForm] SuspensionForm form, [FromServices] IValidator<SuspensionForm> validator,
        CancellationToken ct) => ActAsync(id, suspend: false, form, validator, ct);

    private async Task<IActionResult> ConfirmAsync(Guid id, bool suspend, CancellationToken ct)
    {
        if (await admin.OrganizationAsync(id, ct) is not { } organization || organization.Status == OrganizationStatus.Deleted) return NotFound();
        return FormPage("Confirm", "_SuspensionConfirm", new SuspensionViewModel(organization, suspend, new SuspensionForm()));
    }

    private async Task<IActionResult> ActAsync(Guid id, bool suspend, SuspensionForm form, IValidator<SuspensionForm> validator, CancellationToken ct)
    {
        if (await admin.OrganizationAsync(id, ct) is not { } organization || organization.Status == OrganizationStatus.Deleted) return NotFound();
        return await SubmitAsync(form, validator, "Confirm", "_SuspensionConfirm", async () =>
        {
            var after = await admin.UpdateOrganizationStatusAsync(id, new UpdateOrganizationStatusRequest(suspend, form.Reason?.Trim()), ct);
            var wasSuspended = organization.Status == OrganizationStatus.Suspended;
            var message = (suspend, wasSuspended) switch
            {
                (true, false) => $"{after.Name} is suspended: its content is out of the catalogue and cannot be bought.",
                (true, true) => $"{after.Name} was already suspended; nothing changed.",
                (false, true) => $"{after.Name} is no longer suspended: its content is back in the catalogue.",
                _ => $"{after.Name} was not suspended; nothing changed.",
            };
            return Done(AdminOrganizationsPaths.Show(id), message);
        }, new SuspensionViewModel(organization, suspend, form));
    }
}
