using System.Globalization;
using Codex.Contracts.Admin;
using FluentValidation;

namespace Codex.Web.Features.Admin.Content;

/// <summary>
/// The filters of /admin/content as typed: <c>q</c> (title, creator's name or email), <c>status</c>, <c>organization</c>
/// (an organization's address, the last part of <c>/o/{slug}</c>), <c>page</c>. Read by the Contracts' own query rules
/// (<see cref="AdminContentQuery"/>), so the page refuses what the Admin-API would.
/// </summary>
public sealed class AdminContentListForm
{
    public string? Q { get; set; }
    public string? Status { get; set; }
    public string? Organization { get; set; }
    public string? Page { get; set; }

    public string? OrganizationSlug => string.IsNullOrWhiteSpace(Organization) ? null : Organization.Trim().TrimEnd('/').Split('/')[^1].ToLowerInvariant();
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(Status) || OrganizationSlug is not null;

    /// <summary>The worker's query for these filters (the organization resolved to <paramref name="organizationId"/>), and the filters' errors.</summary>
    public AdminContentQuery ToQuery(Guid? organizationId, int limit, out IReadOnlyDictionary<string, string[]>? errors)
    {
        var query = AdminContentQuery.Read(name => name switch
        {
            "search" => Q,
            "status" => Status,
            "page" => Page,
            _ => null,
        }, out var fieldErrors);
        errors = fieldErrors?.ToDictionary(e => e.Key == "search" ? "q" : e.Key, e => e.Value);
        return query with { OrganizationId = organizationId, Limit = limit };
    }

    /// <summary>The URL of these filters on page <paramref name="page"/>.</summary>
    public string UrlFor(int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Q)) parts.Add("q=" + Uri.EscapeDataString(Q.Trim()));
        if (!string.IsNullOrWhiteSpace(Status)) parts.Add("status=" + Uri.EscapeDataString(Status.Trim()));
        if (OrganizationSlug is { } org) parts.Add("organization=" + Uri.EscapeDataString(org));
        if (page != 1) parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? SiteRoutes.AdminContent : SiteRoutes.AdminContent + "?" + string.Join('&', parts);
    }
}

/// <summary>The unpublish confirmation: why (required; mailed to the creator and kept in the audit log).</summary>
public sealed class UnpublishForm
{
    public string? Reason { get; set; }

    public UnpublishContentRequest ToRequest() => new(Reason?.Trim());
}

public sealed class UnpublishFormValidator : AbstractValidator<UnpublishForm>
{
    public UnpublishFormValidator()
    {
        RuleFor(f => f.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Say why this item is unpublished; the creator reads it.")
            .MaximumLength(UnpublishContentRequestValidator.ReasonMax).WithMessage($"Use at most {UnpublishContentRequestValidator.ReasonMax} characters.");
    }
}
