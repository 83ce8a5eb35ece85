using Codex.Contracts.Notifications;
using Codex.Web.Features.Admin.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Codex.Web.Features.Admin.Templates;

/// <summary>
/// <c>/admin/templates</c>: the mails Codex sends, for the platform admin to reword. The list; the editor (subject, text
/// and HTML bodies, the placeholders explained) with a preview rendered by the Notifications worker with sample values:
/// live with htmx (the preview region posts the form as the admin types), from a "Preview" button without JavaScript
/// (the whole page again, everything typed kept). Saving is a plain form post (redirect and flash, or 422 with inline
/// errors); "Reset to default" asks first. The worker checks every rule again and writes the audit log.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
[Route("/admin/templates")]
public sealed class AdminTemplatesController(NotificationsClient notifications, IValidator<TemplateForm> validator) : FormController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        IReadOnlyList<EmailTemplateDto>? templates = null;
        try
        {
            templates = await notifications.TemplatesAsync(ct);
        }
        catch (WorkerUnavailableException)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        var model = new TemplateListViewModel(templates);
        return Request.WantsFragment() ? PartialView("_TemplateList", model) : View(model);
    }

    [HttpGet("{name}")]
    [MailPreviewPolicy]
    public async Task<IActionResult> Edit(string name, CancellationToken ct)
    {
        if (EmailTemplateCatalog.Find(name) is not { } definition) return NotFound();
        EmailTemplateDto? stored;
        try
        {
            stored = await notifications.TemplateAsync(name, ct);
            if (stored is null) return NotFound();
        }
        catch (WorkerUnavailableException)
        {
            // Nothing to edit: an empty form saved now would replace the mail with whatever was typed into it.
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return FormPage("Edit", "_TemplateEditor", new TemplateEditorViewModel(definition, null, null));
        }
        var form = TemplateForm.From(stored);
        var model = new TemplateEditorViewModel(definition, form, stored) { Preview = await PreviewAsync(definition, form, ct) };
        return FormPage("Edit", "_TemplateEditor", model);
    }

    [HttpPost("{name}")]
    [MailPreviewPolicy]
    public async Task<IActionResult> Save(string name, [FromForm] TemplateForm form, CancellationToken ct)
    {
        if (EmailTemplateCatalog.Find(name) is not { } definition) return NotFound();
        form.Name = definition.Name;
        var model = new TemplateEditorViewModel(definition, form, await StoredOrNullAsync(name, ct));
        return await SubmitAsync(form, validator, "Edit", "_TemplateEditor", async () =>
        {
            await notifications.SaveTemplateAsync(definition.Name, form.ToRequest(), ct);
            return Done(TemplatePaths.Edit(definition.Name), $"\u201c{definition.Label}\u201d is saved: the next mail sent uses it.");
        }, model);
    }

    /// <summary>
    /// The draft rendered with sample values. htmx swaps just the preview region (its problems, when the draft breaks a
    /// rule); without JavaScript the whole editor comes back with everything typed, the preview under it, and the
    /// problems inline on their fields (a 422).
    /// </summary>
    [HttpPost("{name}/preview")]
    [MailPreviewPolicy]
    public async Task<IActionResult> Preview(string name, [FromForm] TemplateForm form, CancellationToken ct)
    {
        if (EmailTemplateCatalog.Find(name) is not { } definition) return NotFound();
        form.Name = definition.Name;
        var preview = await PreviewAsync(definition, form, ct);
        if (preview.Unavailable) Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        // The live preview of a draft with a mistake is a preview that lists it (200: the editor is mid-typing, nothing
        // was refused); the page without JavaScript is the form refused with its inline errors (422).
        if (Request.WantsFragment()) return PartialView("_TemplatePreview", preview);
        if (preview.Problems.Count > 0) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", new TemplateEditorViewModel(definition, form, await StoredOrNullAsync(name, ct)) { Preview = preview });
    }

    /// <summary>The confirmation before a reset: a page without JavaScript, the box in place of the reset link with htmx.</summary>
    [HttpGet("{name}/reset")]
    public async Task<IActionResult> Reset(string name, CancellationToken ct)
    {
        if (EmailTemplateCatalog.Find(name) is not { } definition) return NotFound();
        if (await notifications.TemplateAsync(name, ct) is not { } stored) return NotFound();
        if (stored.IsDefault) return Done(TemplatePaths.Edit(name), $"\u201c{definition.Label}\u201d already uses the default wording.");
        var model = new TemplateResetViewModel(definition, stored);
        return Request.WantsFragment() ? PartialView("_ResetConfirm", model) : View("Reset", model);
    }

    [HttpPost("{name}/reset")]
    [ActionName("Reset")]
    public async Task<IActionResult> ResetConfirmed(string name, CancellationToken ct)
    {
        if (EmailTemplateCatalog.Find(name) is not { } definition) return NotFound();
        await notifications.ResetTemplateAsync(definition.Name, ct);
        return Done(TemplatePaths.Edit(definition.Name), $"\u201c{definition.Label}\u201d is back to the default wording.");
    }

    /// <summary>The preview of <paramref name="form"/>: checked here first (the worker's own rules), then rendered by the worker.</summary>
    private async Task<TemplatePreviewViewModel> PreviewAsync(EmailTemplateDefinition definition, TemplateForm form, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(form, ct);
        foreach (var failure in result.Errors) ModelState.AddModelError(failure.PropertyName, failure.ErrorMessage);
        if (!result.IsValid) return new(definition.Name, null, result.Errors.Select(e => e.ErrorMessage).Distinct().ToList());
        try
        {
            return new(definition.Name, await notifications.PreviewTemplateAsync(definition.Name, form.ToPreviewRequest(), ct), []);
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            ModelState.AddWorkerErrors(e);
            return new(definition.Name, null, ModelState.Values.SelectMany(v => v.Errors).Select(x => x.ErrorMessage).Distinct().ToList());
        }
        catch (WorkerUnavailableException)
        {
            return new(definition.Name, null, []) { Unavailable = true };
        }
    }

    /// <summary>The stored template for the page's status line, or null when the worker does not answer (the form is shown as typed).</summary>
    private async Task<EmailTemplateDto?> StoredOrNullAsync(string name, CancellationToken ct)
    {
        try
        {
            return await notifications.TemplateAsync(name, ct);
        }
        catch (WorkerUnavailableException)
        {
            return null;
        }
    }
}

/// <summary>
/// The editor's Content-Security-Policy (<see cref="ContentSecurityPolicy.MailPreviewValue"/>): the preview's sandboxed
/// frame inherits the page's policy, and the mail's inline styles need it.
/// </summary>
public sealed class MailPreviewPolicyAttribute : ResultFilterAttribute
{
    public override void OnResultExecuting(ResultExecutingContext context)
    {
        context.HttpContext.Response.Headers.ContentSecurityPolicy =
            context.HttpContext.RequestServices.GetRequiredService<ContentSecurityPolicy>().MailPreviewValue;
        base.OnResultExecuting(context);
    }
}
