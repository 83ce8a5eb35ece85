using Codex.Contracts.Content;
using Codex.Web.Features.Studio.Shared;

namespace Codex.Web.Features.Studio.Content;

/// <summary>/studio/{org}/content: the search form and its results (or why there are none).</summary>
public sealed record ContentListViewModel(StudioOrganization Organization, StudioContentListForm Form)
{
    public PagedList<ContentDto>? Results { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    public bool Unavailable { get; init; }

    public string BasePath => StudioPaths.Content(Organization.Slug);
    public string UrlFor(int page) => Form.UrlFor(BasePath, page);
    public string CurrentUrl => UrlFor(Form.PageValue);
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static IReadOnlyList<(string Value, string Label)> Statuses { get; } = [("", "All"), ("draft", "Drafts"), ("published", "Published")];
}

/// <summary>The new or edit page: the form as typed, the stored item when editing, the organization's media for the picker.</summary>
public sealed record ContentFormViewModel(StudioOrganization Organization, ContentForm Form, ContentDto? Item, IReadOnlyList<MediaDto> Media)
{
    public bool IsNew => Item is null;
    public bool MediaUnavailable { get; init; }
    /// <summary>The rendered body, when the preview was asked for without JavaScript.</summary>
    public string? PreviewHtml { get; init; }
    public PreviewViewModel Preview => new(PreviewHtml ?? "");
    /// <summary>Why publishing or unpublishing was refused (e.g. the media is not ready).</summary>
    public string? StatusError { get; init; }

    /// <summary>Whether the slug still follows the title (new, or untouched): <c>site.js</c> keeps filling it while it does.</summary>
    public bool SlugFollowsTitle => string.IsNullOrWhiteSpace(Form.Slug) || Form.Slug.Trim() == ContentRules.SlugFrom(Form.Title);

    public static IReadOnlyList<(string Value, string Label)> Types { get; } = [("written", "Written"), ("video", "Video"), ("audio", "Audio")];
    public static IReadOnlyList<(string Value, string Label)> Accesses { get; } = [("free", "Free"), ("paid", "Paid"), ("members", "Members only")];

    public static string MediaLabel(MediaDto media) =>
        $"{media.Title} ({ContractJson.WireName(media.MediaType)}, {media.Status switch
        {
            MediaStatus.Ready => "ready",
            MediaStatus.Failed => "failed",
            _ => "processing",
        }})";
}

public enum SlugState { Blank, Invalid, Available, Taken, Unknown }

/// <summary>The line under the slug field.</summary>
public sealed record SlugStatusViewModel(SlugState State, string? Suggestion);

public sealed record PreviewViewModel(string Html);

public sealed record DeleteViewModel(StudioOrganization Organization, ContentDto Item);
