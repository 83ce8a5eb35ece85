using Codex.Contracts.Admin;
using Codex.Contracts.Content;
using Codex.Web.Infrastructure;

namespace Codex.Web.Features.Admin.Content;

/// <summary>The admin content page's URLs.</summary>
public static class AdminContentPaths
{
    public static string Unpublish(Guid id) => SiteRoutes.AdminContent + "/" + id.ToString("D") + "/unpublish";
}

/// <summary>/admin/content: the filters as typed, their errors, and the items (or why there are none).</summary>
public sealed record AdminContentListViewModel(AdminContentListForm Form)
{
    public const int PageSize = 20;

    public PagedList<AdminContentDto>? Results { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    public bool Unavailable { get; init; }

    public string CurrentUrl => Form.UrlFor(PagerModel.PageOf(Form.Page));
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static IReadOnlyList<(string Value, string Label)> Statuses { get; } =
        [("", "All"), ("published", "Published"), ("draft", "Drafts"), ("archived", "Archived")];
}

/// <summary>The unpublish confirmation: the item, the form as typed.</summary>
public sealed record UnpublishViewModel(ContentDto Item, UnpublishForm Form);
