using Codex.Contracts.Notifications;
using Codex.Web.Infrastructure;

namespace Codex.Web.Features.Internal;

/// <summary>Body of <c>POST /internal/cache/invalidate</c>.</summary>
public sealed record InvalidateRequest(string[]? Tags);

/// <summary>
/// <c>POST /internal/cache/invalidate</c>: workers call it with <see cref="CacheTags"/> after a change (content or an
/// organization; a user's sessions or memberships), so the site drops what it cached at once (entries also expire on
/// their own within minutes). Internal: needs <c>X-Codex-Internal-Key</c>.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class CacheController(Catalogue catalogue, Codex.ServiceDefaults.CodexOptions codex) : Controller
{
    [HttpPost(SiteRoutes.CacheInvalidate)]
    public async Task<IActionResult> Invalidate([FromBody] InvalidateRequest? body, CancellationToken ct)
    {
        if (!InternalAuth.Accepts(codex.InternalKey, Request.Headers[InternalAuth.Header].ToString()))
            return StatusCode(StatusCodes.Status403Forbidden);
        var tags = (body?.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t) && t.Length <= 200).Take(100).ToArray();
        if (tags.Length > 0) await catalogue.InvalidateAsync(tags, ct);
        return NoContent();
    }
}
