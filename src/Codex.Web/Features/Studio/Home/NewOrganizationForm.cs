using Codex.Contracts.Organizations;
using FluentValidation;

namespace Codex.Web.Features.Studio.Home;

/// <summary>/studio/new: a new organization, as typed.</summary>
public sealed class NewOrganizationForm
{
    public string? Name { get; set; }
    public string? Slug { get; set; }
    public string? Description { get; set; }

    public CreateOrganizationRequest ToRequest() => new(
        Slug?.Trim(), Name?.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(), null, null);
}

/// <summary>The Organization-API's own rules (<see cref="CreateOrganizationRequestValidator"/>) on what the form would send.</summary>
public sealed class NewOrganizationFormValidator : AbstractValidator<NewOrganizationForm>
{
    private static readonly CreateOrganizationRequestValidator Rules = new();

    public NewOrganizationFormValidator() => RuleFor(f => f).Custom((form, context) =>
    {
        foreach (var failure in Rules.Validate(form.ToRequest()).Errors) context.AddFailure(failure.PropertyName, failure.ErrorMessage);
    });
}
