using Codex.Web.Infrastructure;
using System.Globalization;
using FluentValidation;

namespace Codex.Web.Features.Organizations.Directory;

/// <summary>The directory's GET form, exactly as typed: an invalid value comes back with a message, not a 500.</summary>
public sealed class DirectoryForm
{
    public string? Q { get; set; }
    public string? Page { get; set; }

    public string? Search => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
    public int PageValue => PagerModel.PageOf(Page);

    /// <summary>The URL of this very search and page.</summary>
    public string CurrentUrl => UrlFor(PageValue);

    /// <summary>The URL of this search on another page (empty values left out).</summary>
    public string UrlFor(int page)
    {
        var parts = new List<string>();
        if (Search is { } search) parts.Add("q=" + Uri.EscapeDataString(search));
        if (page != 1) parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? SiteRoutes.OrganizationDirectory : SiteRoutes.OrganizationDirectory + "?" + string.Join('&', parts);
    }
}

/// <summary>The Organization-API's bounds (<c>OrganizationListQueryValidator</c>), in words for a person.</summary>
public sealed class DirectoryFormValidator : AbstractValidator<DirectoryForm>
{
    public DirectoryFormValidator()
    {
        RuleFor(f => f.Q!.Trim()).Length(2, 255).OverridePropertyName(nameof(DirectoryForm.Q))
            .When(f => !string.IsNullOrWhiteSpace(f.Q))
            .WithMessage("Type at least 2 characters (and at most 255) to search.");
        RuleFor(f => f.Page).Must(PagerModel.IsPage).WithMessage("Choose a page from 1 to 1000.");
    }
}
