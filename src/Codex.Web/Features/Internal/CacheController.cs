using Codex.Contracts.Notifications;
using Codex.Web.Infrastructure;

namespace Codex.Web.Features.Internal;

/// <summary>Body of <c>POST /internal/cache/invalidate</c>.</summary>
public sealed record InvalidateRequest(string[]? Tags);

/// <summary>
/// <c>POST /internal/cache/invalidate</c>: workers call it after publishing content or changing an organization, so
/// the site's cache of anonymous reads drops what changed at once (it also expires on its own within minutes).
/// Internal: needs <c>X-Codex-Internal-Key</c>.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class CacheController(Catalogue catalogue, IConfiguration config) : Controller
{
    [HttpPost("/internal/cache/invalidate")]
    public async Task<IActionResult> Invalidate([FromBody] InvalidateRequest? body, CancellationToken ct)
    {
        if (!InternalAuth.Accepts(config["Codex:InternalKey"], Request.Headers[InternalAuth.Header].ToString()))
            return StatusCode(StatusCodes.Status403Forbidden);
        var tags = (body?.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t) && t.Length <= 200).Take(100).ToArray();
        if (tags.Length > 0) await catalogue.InvalidateAsync(tags, ct);
        return NoContent();
    }
}
