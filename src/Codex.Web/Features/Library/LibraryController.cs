using Codex.Contracts.Content;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Library;

/// <summary><c>/library</c>: what the signed-in user owns or has started, with their progress.</summary>
[Authorize]
public sealed class LibraryController(ContentClient content, UserDataCache userData, IValidator<LibraryForm> validator) : Controller
{
    public const int PageSize = 12;
    public const int ContinueWatchingSize = 4;

    [HttpGet(SiteRoutes.Library)]
    public async Task<IActionResult> Index([FromQuery] LibraryForm form, CancellationToken ct)
    {
        var model = await LoadAsync(form, ct);
        if (Response.StatusCode == StatusCodes.Status200OK) Offline.OfflineCopy.Allow(HttpContext); // readable offline (ADR 038)
        return Request.WantsFragment() ? PartialView("_LibraryResults", model) : View(model);
    }

    /// <summary>
    /// One page of the user's library, kept briefly for them (<see cref="UserDataCache"/>): a purchase or a catalogue
    /// change (<c>CacheTags.Content</c>), a membership change (<c>CacheTags.User</c>) or a progress save through the
    /// site drops it.
    /// </summary>
    private Task<PagedList<LibraryItemDto>> ReadAsync(LibraryQuery query, CancellationToken ct) =>
        User.UserId() is { } userId
            ? userData.GetOrReadAsync(userId, CacheKey(query), token => content.LibraryAsync(query, token), [CacheTags.Content], ct)
            : content.LibraryAsync(query, ct);

    /// <summary>The <see cref="UserDataCache"/> key of one library query: the home page's "Continue watching" shares it.</summary>
    public static string CacheKey(LibraryQuery query) =>
        "library:" + string.Join('&', query.ToParameters().Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>The "Continue watching" strip: the newest items in progress, on this page and on the home page.</summary>
    public static readonly LibraryQuery ContinueWatching =
        new() { Filter = LibraryFilter.InProgress, Sort = LibrarySort.Recent, Limit = ContinueWatchingSize };

    private async Task<LibraryViewModel> LoadAsync(LibraryForm form, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return new LibraryViewModel { Form = form, Errors = validation.ToDictionary().AsReadOnly() };
        }
        try
        {
            var results = ReadAsync(form.ToQuery(PageSize), ct);
            var continueWatching = LibraryViewModel.ShowsContinueWatching(form)
                ? ReadAsync(ContinueWatching, ct)
                : null;
            await Task.WhenAll(continueWatching is null ? [results] : [results, continueWatching]);
            return new LibraryViewModel
            {
                Form = form,
                Results = await results,
                ContinueWatching = continueWatching is null ? [] : (await continueWatching).Items,
            };
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return new LibraryViewModel { Form = form, Errors = new Dictionary<string, string[]> { [""] = [e.Error.Message] } };
        }
        catch (WorkerUnavailableException)
        {
            // The page still renders: the results region becomes a notice with a retry link.
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return new LibraryViewModel { Form = form, Unavailable = true };
        }
    }
}
