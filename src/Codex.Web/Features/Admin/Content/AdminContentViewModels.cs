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

    public string CurrentUrl => Form.UrlFor(PageOf(Form.Page));
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static IReadOnlyList<(string Value, string Label)> Statuses { get; } =
        [("", "All"), ("published", "Published"), ("draft", "Drafts"), ("archived", "Archived")];

    public static int PageOf(string? page) =>
        int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 1;

    public static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

/// <summary>The unpublish confirmation: the item, the form as typed.</summary>
public sealed record UnpublishViewModel(ContentDto Item, UnpublishForm Form);
