using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;

namespace Codex.Web.Features.Internal;

/// <summary>Body of <c>POST /internal/cache/invalidate</c>.</summary>
public sealed record InvalidateRequest(string[]? Tags);

/// <summary>
/// <c>POST /internal/cache/invalidate</c>: workers call it with <see cref="CacheTags"/> after a change (content or an
/// organization; a user's sessions or memberships), so the site drops what it cached at once, data and whole anonymous
/// pages alike (entries also expire on their own within minutes). Internal: the key is checked before the body is
/// read, and the body is small.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class CacheController(Catalogue catalogue, AnonymousPageCache pages, UserInvalidations users, CodexOptions codex) : Controller
{
    private const int MaxBodyBytes = 16 * 1024;

    [HttpPost(SiteRoutes.CacheInvalidate)]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Invalidate(CancellationToken ct)
    {
        if (!InternalAuth.Accepts(codex.InternalKey, Request.Headers[InternalAuth.Header].ToString()))
            return StatusCode(StatusCodes.Status403Forbidden);
        InvalidateRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<InvalidateRequest>(Request.Body, ContractJson.Options, ct);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException)
        {
            return BadRequest();
        }
        var tags = (body?.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t) && t.Length <= 200).Take(100).ToArray();
        users.Dropped(tags);
        if (tags.Length > 0)
        {
            // The data first, then the pages made of it: a page rendered after this reads fresh data, and one whose
            // render began before is not stored (AnonymousPageCache's generation).
            await catalogue.InvalidateAsync(tags, ct);
            await pages.EvictAsync(tags, ct);
        }
        return NoContent();
    }
}
