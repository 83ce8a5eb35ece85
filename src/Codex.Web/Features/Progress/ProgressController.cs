using Codex.Contracts.Content;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.Progress;

/// <summary>
/// <c>POST /progress/{contentId}</c>: the player's saves and beacons, forwarded to the Content-API with the session,
/// so the browser only ever talks to the site. JSON, not a form: no antiforgery token, so cross-site requests are
/// refused by their <c>Sec-Fetch-Site</c> (and the session cookie is SameSite=Lax, never sent on a cross-site POST).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ProgressController(AccessClient access, CurrentSession current) : Controller
{
    /// <summary>A fresh signed URL, for a player whose URL expired mid-play.</summary>
    [HttpGet("/stream/{contentId:guid}")]
    public async Task<IActionResult> Stream(Guid contentId, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        try
        {
            var stream = await access.StreamingUrlAsync(contentId, ct);
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
        if (!current.IsSignedIn) return Unauthorized();
        if (body is null) return BadRequest();
        try
        {
            await access.SaveProgressAsync(contentId, body, ct);
            return NoContent();
        }
        catch (WorkerCallException e)
        {
            return StatusCode(e.Status);
        }
    }
}
