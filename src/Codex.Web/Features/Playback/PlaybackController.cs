using Codex.Contracts.Content;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.Playback;

/// <summary>
/// The player's two calls (<c>player.js</c>): a fresh signed URL when the one on the page expired mid-play, and the
/// progress saves and beacons, forwarded to the Content-API with the session, so the browser only ever talks to the
/// site. JSON, not forms: no antiforgery token, so cross-site requests are refused by their <c>Sec-Fetch-Site</c>
/// (and the session cookie is SameSite=Lax, never sent on a cross-site POST). Both answer a status code, never a
/// sign-in redirect: a script is asking.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class PlaybackController(ContentClient content, UserDataCache userData) : Controller
{
    /// <summary>A script is asking: bare status codes, never re-executed into an HTML error page.</summary>
    public override void OnActionExecuting(Microsoft.AspNetCore.Mvc.Filters.ActionExecutingContext context)
    {
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }

    [HttpGet("/stream/{contentId:guid}")]
    public async Task<IActionResult> Stream(Guid contentId, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        try
        {
            var stream = await content.StreamingUrlAsync(contentId, ct);
            return Json(new { streamingUrl = stream.StreamingUrl, expiresAt = stream.ExpiresAt });
        }
        catch (WorkerCallException e)
        {
            return StatusCode(e.Status);
        }
    }

    [HttpPost("/progress/{contentId:guid}")]
    public async Task<IActionResult> Save(Guid contentId, [FromBody] SaveProgressRequest? body, CancellationToken ct)
    {
        var site = Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site != "same-origin") return StatusCode(StatusCodes.Status403Forbidden);
        // Auth did not answer: the Content-API checks the session itself (it reads the database), so the save is
        // forwarded; only a visitor known to be signed out is a 401.
        if (!User.IsSignedIn() && !HttpContext.SessionUnknown()) return Unauthorized();
        // The worker checks it too; checked here as well, since a number JSON cannot carry (infinity) cannot be forwarded.
        if (body is null || !new SaveProgressRequestValidator().Validate(body).IsValid) return BadRequest();
        try
        {
            await content.SaveProgressAsync(contentId, body, ct);
            // The next library and content page show the new position: this user's kept library and progress go now
            // (their session stays). A visitor whose session could not be checked has no id here; theirs expire.
            if (User.UserId() is { } userId) await userData.ForgetAsync(userId, ct);
            return NoContent();
        }
        catch (WorkerCallException e)
        {
            return StatusCode(e.Status);
        }
    }
}
