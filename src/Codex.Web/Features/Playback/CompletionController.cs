using Codex.Contracts.Content;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Playback;

/// <summary>
/// "Mark as complete" on the content page (issue 16, ADR 039): a plain form (antiforgery, post/redirect/get with a
/// flash) that saves the item's progress as completed through the Content-API's progress route, with the item's
/// duration as both position and duration (a written item's is 100, as the reader's saves). The Content-API decides who
/// may (access to the item, as for any progress save); completed stays completed. With JavaScript (optimistic.js) the
/// same post gets the control's fragment, or the refusal as a plain-text sentence with its status.
/// </summary>
[Authorize]
public sealed class CompletionController(ContentClient content, UserDataCache userData) : Controller
{
    public const string Route = "/progress/{contentId:guid}/complete";

    public static string PathFor(Guid contentId) => $"/progress/{contentId}/complete";

    [HttpPost(Route)]
    public async Task<IActionResult> Complete(Guid contentId, [FromForm] string? returnTo, CancellationToken ct)
    {
        if (await content.GetAsync(contentId, ct) is not { } item) return NotFound();
        var back = SafeRedirect.Or(returnTo, Display.ContentPath(item));
        try
        {
            // Video and audio: the media's length (a player's save, else the item's); an article: 100 (a share read).
            double? duration = item.ContentType == ContentType.Written ? 100
                : (await content.ProgressAsync(contentId, ct))?.DurationSeconds ?? item.DurationSeconds;
            if (duration is not > 0)
                return Refused(back, StatusCodes.Status422UnprocessableEntity, "This item's length is not known yet, so it cannot be marked complete.");
            await content.SaveProgressAsync(contentId, new SaveProgressRequest(duration, duration, Completed: true), ct);
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status403Forbidden or StatusCodes.Status400BadRequest)
        {
            return Refused(back, e.Status, e.Status == StatusCodes.Status403Forbidden
                ? "You do not have access to this item, so it cannot be marked complete." : e.Error.Message);
        }
        // The library and the content page read the new state (as after a player's save).
        await userData.ForgetAsync(User.UserId()!.Value, ct);
        var message = $"Marked \u201c{item.Title}\u201d as complete.";
        if (!Request.WantsFragment())
        {
            TempData[Flash.Key] = message;
            return PageResults.Redirect(HttpContext, back);
        }
        return PartialView("_MarkComplete", new MarkCompleteModel(item.Id, Completed: true, back) { Message = message });
    }

    private IActionResult Refused(string back, int status, string message)
    {
        if (Request.WantsFragment()) return new ContentResult { StatusCode = status, Content = message, ContentType = "text/plain; charset=utf-8" };
        TempData[Flash.RefusalKey] = message;
        return PageResults.Redirect(HttpContext, back);
    }
}

/// <summary>The content page's "Mark as complete" control, for a signed-in visitor with access.</summary>
public sealed record MarkCompleteModel(Guid ContentId, bool Completed, string ReturnPath)
{
    public string Action => CompletionController.PathFor(ContentId);

    /// <summary>What marking did, for the toast of an optimistic answer; null on a page.</summary>
    public string? Message { get; init; }
}
