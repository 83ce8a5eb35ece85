using System.Globalization;
using Codex.Contracts.Content;
using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Studio.Media;

/// <summary>
/// <c>/studio/{org}/media</c>: the organization's media library and its upload. The upload form posts the file
/// straight through to the Content-API as it arrives (<see cref="StreamedUploadAttribute"/>): with JavaScript a
/// script sends it with a progress bar and a cancel button; without, it is a plain multipart form whose answer is a
/// redirect back here. Files still being prepared update in place (htmx polls their row) or on refresh.
/// </summary>
[Authorize(Policy = Policies.OrganizationCreator)]
public sealed class MediaController(StudioOrganizations organizations, ContentClient content, IAntiforgery antiforgery) : Controller
{
    public const int PageSize = 20;

    [HttpGet("/studio/{org}/media")]
    public async Task<IActionResult> Index(string org, string? page, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var number = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage ? n : 1;
        var model = await ModelAsync(organization, number, null, ct);
        return Request.WantsFragment() ? PartialView("_MediaList", model) : View(model);
    }

    [HttpPost("/studio/{org}/media")]
    [StreamedUpload]
    public async Task<IActionResult> Upload(string org, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        string? problem;
        try
        {
            var media = await content.UploadMediaAsync(Request.Body, Request.ContentType ?? "", Request.ContentLength, ct);
            if (Request.WantsFragment())
            {
                Response.StatusCode = StatusCodes.Status201Created;
                return PartialView("_MediaList", await ModelAsync(organization, 1, null, ct));
            }
            TempData[Flash.Key] = $"Uploaded “{media.Title}”. It will be ready to publish once it has been prepared for playback.";
            return PageResults.Redirect(HttpContext, MediaViewModel.PageUrl(org, 1));
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge)
        {
            Response.StatusCode = e.Status;
            problem = e.Status == StatusCodes.Status413PayloadTooLarge
                ? "This file is larger than uploads may be. Choose a smaller file."
                : e.FirstFieldMessage() ?? e.Error.Message;
        }
        catch (WorkerUnavailableException)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            problem = "We couldn't store the file just now. Nothing was saved; try again in a moment.";
        }
        // The upload was refused: the page again with what went wrong (the file has to be chosen again).
        if (Request.WantsFragment()) return PartialView("_UploadProblem", problem);
        return View("Index", await ModelAsync(organization, 1, problem, ct));
    }

    /// <summary>One file's row, which a file still being prepared asks for every few seconds until it is done.</summary>
    [HttpGet("/studio/{org}/media/{id:guid}/row")]
    public async Task<IActionResult> Row(string org, Guid id, CancellationToken ct)
    {
        if (await FindAsync(org, id, ct) is not (var organization, var media)) return NotFound();
        return PartialView("_MediaRow", new MediaRowModel(org, media));
    }

    /// <summary>The state line an item's edit page shows for its media, asked again while the file is being prepared.</summary>
    [HttpGet("/studio/{org}/media/{id:guid}/state")]
    public async Task<IActionResult> State(string org, Guid id, CancellationToken ct)
    {
        if (await FindAsync(org, id, ct) is not (var organization, var media)) return NotFound();
        return PartialView("_MediaState", new MediaRowModel(org, media));
    }

    [HttpGet("/studio/{org}/media/{id:guid}/delete")]
    public async Task<IActionResult> ConfirmDelete(string org, Guid id, CancellationToken ct)
    {
        if (await FindAsync(org, id, ct) is not (var organization, var media)) return NotFound();
        var model = new ConfirmDeleteModel(organization, media, null);
        return Request.WantsFragment() ? PartialView("_ConfirmDelete", model) : View("ConfirmDelete", model);
    }

    [HttpPost("/studio/{org}/media/{id:guid}/delete")]
    public async Task<IActionResult> Delete(string org, Guid id, CancellationToken ct)
    {
        if (await FindAsync(org, id, ct) is not (var organization, var media)) return NotFound();
        try
        {
            await content.DeleteMediaAsync(id, ct);
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            var model = new ConfirmDeleteModel(organization, media,
                "Published content plays this file. Unpublish that content, or give it another file, before deleting this one.");
            return Request.WantsFragment() ? PartialView("_ConfirmDelete", model) : View("ConfirmDelete", model);
        }
        TempData[Flash.Key] = $"Deleted “{media.Title}”.";
        return PageResults.Redirect(HttpContext, MediaViewModel.PageUrl(org, 1));
    }

    /// <summary>The organization of the URL and one of its files; null when either is unknown (a 404).</summary>
    private async Task<(StudioOrganization, MediaDto)?> FindAsync(string org, Guid id, CancellationToken ct) =>
        await organizations.FindAsync(org, ct) is { } organization && await content.GetMediaAsync(id, ct) is { } media
            && media.OrganizationId == organization.Id
            ? (organization, media)
            : null;

    private async Task<MediaViewModel> ModelAsync(StudioOrganization organization, int page, string? problem, CancellationToken ct)
    {
        var tokens = antiforgery.GetAndStoreTokens(HttpContext);
        var list = await content.ListMediaAsync(organization.Id, page, PageSize, ct);
        return new MediaViewModel(organization, list, tokens.RequestToken!, problem);
    }
}

/// <summary>/studio/{org}/media.</summary>
public sealed record MediaViewModel(StudioOrganization Organization, PagedList<MediaDto> Media, string UploadToken, string? Problem)
{
    public string Slug => Organization.Slug;

    /// <summary>Where the form posts: the antiforgery token rides in the URL, since the site never reads the form.</summary>
    public string UploadAction => $"/studio/{Uri.EscapeDataString(Slug)}/media?{StreamedUploadAttribute.TokenQueryKey}={Uri.EscapeDataString(UploadToken)}";

    public static string PageUrl(string org, int page) =>
        $"/studio/{Uri.EscapeDataString(org)}/media" + (page > 1 ? "?page=" + page.ToString(CultureInfo.InvariantCulture) : "");
}

/// <summary>One file in the library; <paramref name="PageUrl"/>: the page it is shown on, for its refresh link without JavaScript.</summary>
public sealed record MediaRowModel(string Org, MediaDto Media, string? PageUrl = null)
{
    /// <summary>Still being stored or prepared: its row asks again in a few seconds.</summary>
    public bool InProgress => Media.Status is MediaStatus.Uploaded or MediaStatus.Transcoding;

    public string RowUrl => $"/studio/{Uri.EscapeDataString(Org)}/media/{Media.Id}/row";

    public string StateUrl => $"/studio/{Uri.EscapeDataString(Org)}/media/{Media.Id}/state";

    public string DeleteUrl => $"/studio/{Uri.EscapeDataString(Org)}/media/{Media.Id}/delete";

    public string StatusText => StatusOf(Media.Status);

    /// <summary>A file's state in words, wherever the studio shows it.</summary>
    public static string StatusOf(MediaStatus status) => status switch
    {
        MediaStatus.Uploaded => "Waiting to be prepared",
        MediaStatus.Transcoding => "Preparing for playback…",
        MediaStatus.Ready => "Ready",
        _ => "Failed",
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " GB",
    };
}

public sealed record ConfirmDeleteModel(StudioOrganization Organization, MediaDto Media, string? Problem)
{
    public string Org => Organization.Slug;

    public string DeleteUrl => $"/studio/{Uri.EscapeDataString(Org)}/media/{Media.Id}/delete";
}
