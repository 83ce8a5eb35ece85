using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Codex.Web.Features.Studio.Settings;

/// <summary>
/// <c>/studio/{org}/settings/delete</c>: the owner deletes the organization after typing its address to confirm (ADR
/// 022). The page says what happens; the POST deletes through the Organization-API and lands on <c>/studio</c> with a
/// flash message, or answers 422 with the form and what was typed. Works the same with and without JavaScript.
/// </summary>
[Authorize(Policy = Policies.OrganizationOwner)]
public sealed class DeleteOrganizationController(StudioOrganizations organizations, OrganizationClient organizationsApi,
    IValidator<DeleteOrganizationForm> validator) : FormController
{
    public const string Path = "/studio/{org}/settings/delete";

    [HttpGet(Path)]
    public async Task<IActionResult> Delete(string org, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        return FormPage("Delete", "_DeleteOrganizationForm", new DeleteOrganizationViewModel(organization, new DeleteOrganizationForm()));
    }

    [HttpPost(Path)]
    [ActionName("Delete")]
    public async Task<IActionResult> DeleteConfirmed(string org, [FromForm] DeleteOrganizationForm form, [FromServices] Memberships memberships,
        CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        form.Expected = organization.Slug;
        return await SubmitAsync(form, validator, "Delete", "_DeleteOrganizationForm", async () =>
        {
            await organizationsApi.DeleteAsync(organization.Id, ct);
            // The worker told the site to drop every member's cached memberships; this caller's go now, before the redirect.
            await memberships.ForgetAsync(User.UserId()!.Value, ct);
            return Done(StudioPaths.Home, $"{organization.Name} is deleted. Its content has left the catalogue; buyers keep what they bought.");
        }, new DeleteOrganizationViewModel(organization, form));
    }

    /// <summary>The page's URL for an organization (the settings page links here).</summary>
    public static string PathFor(string org) => StudioPaths.Dashboard(org) + "/settings/delete";
}

/// <summary>The confirmation: the organization's address, typed.</summary>
public sealed class DeleteOrganizationForm
{
    public string? Confirmation { get; set; }

    /// <summary>The address to type, set by the controller from the URL's organization (never bound from the form).</summary>
    [BindNever]
    public string Expected { get; set; } = "";
}

public sealed class DeleteOrganizationFormValidator : AbstractValidator<DeleteOrganizationForm>
{
    public DeleteOrganizationFormValidator()
    {
        RuleFor(f => f.Confirmation).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Type the organization's address to confirm.")
            .Must((form, typed) => string.Equals(typed?.Trim(), form.Expected, StringComparison.OrdinalIgnoreCase))
            .WithMessage(f => $"That is not the address. Type {f.Expected} to confirm.");
    }
}

public sealed record DeleteOrganizationViewModel(StudioOrganization Organization, DeleteOrganizationForm Form);
