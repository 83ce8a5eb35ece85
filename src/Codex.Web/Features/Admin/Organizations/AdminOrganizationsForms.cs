using Codex.Web.Infrastructure;
using Codex.Contracts.Admin;
using Codex.Web.Features.Admin.Shared;
using FluentValidation;

namespace Codex.Web.Features.Admin.Organizations;

/// <summary>The organizations pages' URLs, in one place for views, controllers and tests.</summary>
public static class AdminOrganizationsPaths
{
    public static string Index => SiteRoutes.AdminOrganizations;
    public static string Show(Guid id) => SiteRoutes.AdminOrganizations + "/" + id.ToString("D");
    public static string Suspend(Guid id) => Show(id) + "/suspend";
    public static string Unsuspend(Guid id) => Show(id) + "/unsuspend";
}

/// <summary>The organizations list's query (<c>?q=&amp;status=&amp;page=</c>), as typed.</summary>
public sealed class OrganizationsQueryForm
{
    public const int PageSize = Paging.DefaultLimit;

    public string? Q { get; set; }
    public string? Status { get; set; }
    public string? Page { get; set; }

    public string? Search => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
    public OrganizationStatus? StatusValue => ContractJson.TryParseWire<OrganizationStatus>(Status?.Trim(), out var status) ? status : null;
    public int PageValue => PagerModel.PageOf(Page);
    public bool Filtered => Search is not null || StatusValue is not null;

    public AdminOrganizationListQuery ToQuery() => new() { Search = Search, Status = StatusValue, Page = PageValue, Limit = PageSize };

    public string UrlFor(int page) => AdminOps.Url(AdminOrganizationsPaths.Index, ("q", Search),
        ("status", StatusValue is { } s ? ContractJson.WireName(s) : null),
        ("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
}

public sealed class OrganizationsQueryFormValidator : AbstractValidator<OrganizationsQueryForm>
{
    public OrganizationsQueryFormValidator()
    {
        RuleFor(f => f.Q).MaximumLength(AdminOrganizationListQuery.SearchMax)
            .WithMessage($"Use at most {AdminOrganizationListQuery.SearchMax} characters to search.");
        RuleFor(f => f.Status).Must(s => string.IsNullOrWhiteSpace(s) || ContractJson.TryParseWire<OrganizationStatus>(s.Trim(), out _))
            .WithMessage("Choose a status from the list.");
        RuleFor(f => f.Page).Must(PagerModel.IsPage).WithMessage($"Page must be a number from 1 to {Paging.MaxPage}.");
    }
}

/// <summary>The suspension step's form: the reason, required.</summary>
public sealed class SuspensionForm
{
    public string? Reason { get; set; }
}

public sealed class SuspensionFormValidator : AbstractValidator<SuspensionForm>
{
    public SuspensionFormValidator() =>
        RuleFor(f => f.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Say why: the audit log keeps the reason.")
            .MaximumLength(ReasonFieldModel.Max).WithMessage($"Use at most {ReasonFieldModel.Max} characters.");
}

public sealed record OrganizationsViewModel(OrganizationsQueryForm Query, PagedList<AdminOrganizationDto>? Organizations,
    IReadOnlyDictionary<string, string[]> Errors);

/// <summary>A suspension's (or its lifting's) confirmation step.</summary>
public sealed record SuspensionViewModel(AdminOrganizationDto Organization, bool Suspend, SuspensionForm Form)
{
    public string Heading => Suspend ? $"Suspend {Organization.Name}?" : $"Lift the suspension of {Organization.Name}?";

    public string Consequence => Suspend
        ? $"Its {Organization.PublishedContent} published {(Organization.PublishedContent == 1 ? "item leaves" : "items leave")} the catalogue, " +
          "search and its space at once, and nobody can buy them or join it. People who bought something keep it; its " +
          $"{Organization.Members} {(Organization.Members == 1 ? "member keeps" : "members keep")} the studio, which tells them it is suspended."
        : "Its space and its published items come back to the catalogue and search, and it can sell and take members again.";

    public string Action => Suspend ? AdminOrganizationsPaths.Suspend(Organization.Id) : AdminOrganizationsPaths.Unsuspend(Organization.Id);
}
