using Codex.Contracts.Content;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Library;

/// <summary><c>/library</c>: what the signed-in user owns or has started, with their progress.</summary>
[Authorize]
public sealed class LibraryController(ContentClient content, IValidator<LibraryForm> validator) : Controller
{
    public const int PageSize = 12;
    public const int ContinueWatchingSize = 4;

    [HttpGet(SiteRoutes.Library)]
    public async Task<IActionResult> Index([FromQuery] LibraryForm form, CancellationToken ct)
    {
        var model = await LoadAsync(form, ct);
        return Request.WantsFragment() ? PartialView("_LibraryResults", model) : View(model);
    }

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
            var results = content.LibraryAsync(form.ToQuery(PageSize), ct);
            var continueWatching = LibraryViewModel.ShowsContinueWatching(form)
                ? content.LibraryAsync(new LibraryQuery { Filter = LibraryFilter.InProgress, Sort = LibrarySort.Recent, Limit = ContinueWatchingSize }, ct)
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
