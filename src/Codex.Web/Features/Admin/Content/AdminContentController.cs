using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Admin.Content;

/// <summary>
/// <c>/admin/content</c>, for platform admins: every item of the platform with its organization and creator, filtered
/// by a plain GET form (htmx swaps the results), and "Unpublish" after a confirmation with a required reason (its own
/// page without JavaScript, in place above the list with htmx). The Admin-API decides, mails the creator and audits.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
[Route("/admin/content")]
public sealed class AdminContentController(AdminClient admin, OrganizationClient organizations, ContentClient content) : FormController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AdminContentListForm form, CancellationToken ct)
    {
        var model = new AdminContentListViewModel(form);
        try
        {
            Guid? organizationId = null;
            var errors = new Dictionary<string, string[]>();
            if (form.OrganizationSlug is { } slug)
            {
                if (await organizations.GetBySlugAsync(slug, ct) is { } organization) organizationId = organization.Id;
                else errors["organization"] = ["No organization has this address."];
            }
            var query = form.ToQuery(organizationId, AdminContentListViewModel.PageSize, out var queryErrors);
            foreach (var (field, messages) in queryErrors ?? new Dictionary<string, string[]>()) errors[field] = messages;
            if (errors.Count > 0)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                model = model with { Errors = errors };
            }
            else
            {
                model = model with { Results = await admin.ContentAsync(query, ct) };
            }
        }
        catch (WorkerUnavailableException)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            model = model with { Unavailable = true };
        }
        return Request.WantsFragment() ? PartialView("_Results", model) : View("Index", model);
    }

    /// <summary>The confirmation before unpublishing: its own page without JavaScript, in place on the list with htmx.</summary>
    [HttpGet("{id:guid}/unpublish")]
    public async Task<IActionResult> Unpublish(Guid id, CancellationToken ct)
    {
        if (await content.GetAsync(id, ct) is not { } item) return NotFound();
        return FormPage("Unpublish", "_UnpublishConfirm", new UnpublishViewModel(item, new UnpublishForm()));
    }

    [HttpPost("{id:guid}/unpublish")]
    [ActionName("Unpublish")]
    public async Task<IActionResult> UnpublishConfirmed(Guid id, [FromForm] UnpublishForm form, [FromServices] IValidator<UnpublishForm> validator,
        CancellationToken ct)
    {
        if (await content.GetAsync(id, ct) is not { } item) return NotFound();
        return await SubmitAsync(form, validator, "Unpublish", "_UnpublishConfirm", async () =>
        {
            var done = await admin.UnpublishContentAsync(id, form.ToRequest(), ct);
            return Done(SiteRoutes.AdminContent,
                $"\u201c{done.Title}\u201d is unpublished: it left the catalogue, and {done.CreatorName} was told why by mail.");
        }, new UnpublishViewModel(item, form));
    }
}
