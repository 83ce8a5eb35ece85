using Codex.Contracts.Content;
using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Studio.Content;

/// <summary>
/// <c>/studio/{org}/content</c>: an organization's content for its managers. The list (search, status filter,
/// pages); new and edit forms (slug check, Markdown preview, media picker); publish, unpublish, and delete after a
/// confirmation. Every form is a plain POST that redirects on success and answers 422 with its inline errors; htmx
/// posts the same forms and swaps the fragment.
/// </summary>
[Authorize(Policy = Policies.OrganizationCreator)]
[Route("/studio/{org}/content")]
public sealed class StudioContentController(StudioOrganizations organizations, ContentClient content, Markdown markdown,
    IValidator<ContentForm> validator) : FormController
{
    public const int PageSize = 20;

    [HttpGet("")]
    public async Task<IActionResult> Index(string org, [FromQuery] StudioContentListForm form,
        [FromServices] IValidator<StudioContentListForm> listValidator, CancellationToken ct)
    {
        var organization = await organizations.FindAsync(org, ct);
        if (organization is null) return NotFound();
        var model = new ContentListViewModel(organization, form);
        var validation = await listValidator.ValidateAsync(form, ct);
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            model = model with { Errors = validation.ToDictionary().AsReadOnly() };
        }
        else
        {
            try
            {
                model = model with { Results = await content.ListAsync(form.ToQuery(organization.Id, PageSize), ct) };
            }
            catch (WorkerUnavailableException)
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                model = model with { Unavailable = true };
            }
        }
        return Request.WantsFragment() ? PartialView("_ContentList", model) : View(model);
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(string org, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var form = new ContentForm { ContentType = "written", AccessType = "free" };
        return FormPage("New", "_ContentForm", await FormModelAsync(organization, form, null, ct));
    }

    [HttpPost("new")]
    public async Task<IActionResult> Create(string org, [FromForm] ContentForm form, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var model = await FormModelAsync(organization, form, null, ct);
        var result = await SubmitAsync(form, validator, "New", "_ContentForm", async () =>
        {
            var created = await content.CreateAsync(form.ToCreateRequest(organization.Id), ct);
            return Done(StudioPaths.Edit(organization.Slug, created.Id), $"Draft \u201c{created.Title}\u201d created. Publish it when it is ready.");
        }, model);
        ContentForm.MoveWorkerErrors(ModelState);
        return result;
    }

    [HttpGet("{id:guid}/edit")]
    public async Task<IActionResult> Edit(string org, Guid id, CancellationToken ct)
    {
        var (organization, item) = await ItemAsync(org, id, ct);
        if (organization is null || item is null) return NotFound();
        return FormPage("Edit", "_ContentForm", await FormModelAsync(organization, ContentForm.From(item), item, ct));
    }

    [HttpPost("{id:guid}/edit")]
    public async Task<IActionResult> Update(string org, Guid id, [FromForm] ContentForm form, CancellationToken ct)
    {
        var (organization, item) = await ItemAsync(org, id, ct);
        if (organization is null || item is null) return NotFound();
        var model = await FormModelAsync(organization, form, item, ct);
        var result = await SubmitAsync(form, validator, "Edit", "_ContentForm", async () =>
        {
            var saved = await content.UpdateAsync(item.Id, form.ToUpdateRequest(), ct);
            return Done(StudioPaths.Edit(organization.Slug, saved.Id), $"\u201c{saved.Title}\u201d is saved.");
        }, model);
        ContentForm.MoveWorkerErrors(ModelState);
        return result;
    }

    /// <summary>
    /// The Markdown body rendered as the content page will show it. htmx swaps just the preview; without JavaScript
    /// the whole form comes back with everything typed and the preview under it.
    /// </summary>
    [HttpPost("preview")]
    public async Task<IActionResult> Preview(string org, [FromForm] ContentForm form, [FromForm] Guid? itemId, CancellationToken ct)
    {
        var html = string.IsNullOrWhiteSpace(form.ContentBody) ? "" : markdown.ToSafeHtml(form.ContentBody);
        if (Request.WantsFragment()) return PartialView("_Preview", new PreviewViewModel(html));
        var (organization, item) = itemId is { } id ? await ItemAsync(org, id, ct) : (await organizations.FindAsync(org, ct), null);
        if (organization is null || (itemId is not null && item is null)) return NotFound();
        var model = await FormModelAsync(organization, form, item, ct) with { PreviewHtml = html };
        return View(item is null ? "New" : "Edit", model);
    }

    /// <summary>Whether a slug is free (for the form's live check): the status line under the slug field.</summary>
    [HttpGet("slug-check")]
    public async Task<IActionResult> SlugCheck(string org, string? slug, Guid? exceptId, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var typed = slug?.Trim() ?? "";
        SlugStatusViewModel status;
        if (typed.Length == 0) status = new(SlugState.Blank, null);
        else if (typed.Length > ContentRules.SlugMax || !ContentRules.SlugPattern().IsMatch(typed))
            status = new(SlugState.Invalid, ContentRules.SlugFrom(typed));
        else
        {
            try
            {
                var answer = await content.SlugAvailableAsync(organization.Id, typed, exceptId, ct);
                status = new(answer.Available ? SlugState.Available : SlugState.Taken, answer.Suggestion);
            }
            catch (WorkerUnavailableException)
            {
                status = new(SlugState.Unknown, null);
            }
        }
        return PartialView("_SlugStatus", status);
    }

    [HttpPost("{id:guid}/publish")]
    public Task<IActionResult> Publish(string org, Guid id, CancellationToken ct) =>
        ChangeStatusAsync(org, id, publish: true, ct);

    [HttpPost("{id:guid}/unpublish")]
    public Task<IActionResult> Unpublish(string org, Guid id, CancellationToken ct) =>
        ChangeStatusAsync(org, id, publish: false, ct);

    /// <summary>The confirmation step before deleting: a page without JavaScript, the confirm box in place with htmx.</summary>
    [HttpGet("{id:guid}/delete")]
    public async Task<IActionResult> Delete(string org, Guid id, CancellationToken ct)
    {
        var (organization, item) = await ItemAsync(org, id, ct);
        if (organization is null || item is null) return NotFound();
        var model = new DeleteViewModel(organization, item);
        return Request.WantsFragment() ? PartialView("_DeleteConfirm", model) : View(model);
    }

    [HttpPost("{id:guid}/delete")]
    [ActionName("Delete")]
    public async Task<IActionResult> DeleteConfirmed(string org, Guid id, CancellationToken ct)
    {
        var (organization, item) = await ItemAsync(org, id, ct);
        if (organization is null || item is null) return NotFound();
        await content.DeleteAsync(item.Id, ct);
        return Done(StudioPaths.Content(organization.Slug), $"\u201c{item.Title}\u201d is deleted.");
    }

    private async Task<IActionResult> ChangeStatusAsync(string org, Guid id, bool publish, CancellationToken ct)
    {
        var (organization, item) = await ItemAsync(org, id, ct);
        if (organization is null || item is null) return NotFound();
        try
        {
            var changed = publish ? await content.PublishAsync(item.Id, ct) : await content.UnpublishAsync(item.Id, ct);
            return Done(StudioPaths.Edit(organization.Slug, changed.Id), publish
                ? $"\u201c{changed.Title}\u201d is published."
                : $"\u201c{changed.Title}\u201d is back to draft: only your team can see it.");
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status422UnprocessableEntity or StatusCodes.Status400BadRequest
            or StatusCodes.Status409Conflict)
        {
            // MEDIA_NOT_READY and the like: said next to the button that was pressed, the form untouched.
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var model = await FormModelAsync(organization, ContentForm.From(item), item, ct) with { StatusError = e.Error.Message };
            return Request.WantsFragment() ? PartialView("_StatusPanel", model) : View("Edit", model);
        }
    }

    /// <summary>The organization of the URL and its item; null when either is unknown, or the item is another organization's.</summary>
    private async Task<(StudioOrganization? Organization, ContentDto? Item)> ItemAsync(string org, Guid id, CancellationToken ct)
    {
        var organizationTask = organizations.FindAsync(org, ct);
        var itemTask = content.GetAsync(id, ct);
        await Task.WhenAll(organizationTask, itemTask);
        var (organization, item) = (await organizationTask, await itemTask);
        return organization is null || item is null || item.OrganizationId != organization.Id ? (organization, null) : (organization, item);
    }

    private async Task<ContentFormViewModel> FormModelAsync(StudioOrganization organization, ContentForm form, ContentDto? item, CancellationToken ct)
    {
        IReadOnlyList<MediaDto> media;
        var mediaUnavailable = false;
        try
        {
            media = await content.ListMediaAsync(organization.Id, ct);
        }
        catch (Exception e) when (e is WorkerUnavailableException or WorkerCallException)
        {
            media = [];
            mediaUnavailable = true;
        }
        return new ContentFormViewModel(organization, form, item, media) { MediaUnavailable = mediaUnavailable };
    }
}
