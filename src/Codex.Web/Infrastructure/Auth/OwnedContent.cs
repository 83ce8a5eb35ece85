using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Infrastructure.Auth;

/// <summary>
/// Which items the signed-in visitor owns (bought, not refunded), so that a card or a content page says "Owned" instead
/// of a price (issue 15, item 4; ADR 033). One set per user, asked of the Content-API once
/// (<c>GET /api/access/user/owned</c>) and kept briefly in the site's memory (<see cref="UserDataCache"/>): a purchase
/// that completes, a refund, a grant or a dispute drops it at once (the Ecom and Admin workers drop the buyer's
/// <c>CacheTags.User</c> and <c>CacheTags.Content</c>), and it expires with the user's other data. Read at most once
/// per request, whatever the number of cards. A visitor who is not signed in owns nothing and costs nothing: no call,
/// and the page they get is the anonymous one, output-cached as before (ADR 027). When the worker does not answer the
/// page shows prices as before rather than failing: ownership is a courtesy here, never access (the Content-API
/// decides that per item).
/// </summary>
public sealed class OwnedContent(ContentClient content, UserDataCache userData, IHttpContextAccessor accessor, ILogger<OwnedContent> logger)
{
    private static readonly IReadOnlySet<Guid> None = new HashSet<Guid>();
    private Task<IReadOnlySet<Guid>>? _owned;

    /// <summary>The ids the visitor owns; empty for visitors who are not signed in, or when the worker did not answer.</summary>
    public Task<IReadOnlySet<Guid>> IdsAsync() =>
        _owned ??= accessor.HttpContext?.User.UserId() is { } userId ? ReadAsync(userId, accessor.HttpContext.RequestAborted) : Task.FromResult(None);

    /// <summary>Whether the visitor owns <paramref name="contentId"/>.</summary>
    public async ValueTask<bool> OwnsAsync(Guid contentId) =>
        accessor.HttpContext?.User.IsSignedIn() == true && (await IdsAsync()).Contains(contentId);

    private async Task<IReadOnlySet<Guid>> ReadAsync(Guid userId, CancellationToken ct)
    {
        try
        {
            var owned = await userData.GetOrReadAsync(userId, "owned", content.OwnedAsync, [CacheTags.Content], ct);
            return owned.ContentIds.Count == 0 ? None : owned.ContentIds.ToHashSet();
        }
        catch (Exception e) when (e is WorkerCallException or WorkerUnavailableException)
        {
            logger.LogWarning(e, "The items {UserId} owns could not be read: prices are shown instead", userId);
            return None;
        }
    }
}
