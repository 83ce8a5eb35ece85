namespace Codex.Contracts.Notifications;

/// <summary>
/// The names of the events <c>GET /events</c> streams to a signed-in browser (CONTRACT "Live updates (v2)"): each is
/// the SSE <c>event:</c> field, and its <c>data:</c> is the JSON of the record named beside it.
/// </summary>
public static class LiveEventTypes
{
    /// <summary>A media file's transcoding moved on (<see cref="MediaStatusEvent"/>): to the organization's staff.</summary>
    public const string MediaStatus = "media-status";
    /// <summary>A checkout became a purchase (<see cref="ContentEvent"/>): to the buyer.</summary>
    public const string PurchaseCompleted = "purchase-completed";
    /// <summary>What the user may open changed (a purchase, a refund, a grant): to that user; data <c>{}</c>.</summary>
    public const string LibraryChanged = "library-changed";
    /// <summary>A content item was created, edited, published, unpublished or deleted (<see cref="ContentEvent"/>): to its organization's staff.</summary>
    public const string ContentChanged = "content-changed";

    public static readonly string[] All = [MediaStatus, PurchaseCompleted, LibraryChanged, ContentChanged];

    /// <summary>
    /// Never streamed: every site instance drops what it cached under these <see cref="CacheTags"/> (data: a JSON array
    /// of tags). Workers send it on the same bus as the events, after their change is committed, so it reaches every
    /// instance, and reaches it before an event sent after it (ADR 040).
    /// </summary>
    public const string CacheInvalidated = "cache-invalidated";

    /// <summary>Every type the bus carries: the streamed ones and <see cref="CacheInvalidated"/>.</summary>
    public static readonly string[] OnTheBus = [.. All, CacheInvalidated];
}

/// <summary>Data of <see cref="LiveEventTypes.MediaStatus"/>: <paramref name="Progress"/> in percent while transcoding.</summary>
public sealed record MediaStatusEvent(Guid MediaId, MediaStatus Status, int? Progress);

/// <summary>Data of <see cref="LiveEventTypes.PurchaseCompleted"/> and <see cref="LiveEventTypes.ContentChanged"/>.</summary>
public sealed record ContentEvent(Guid ContentId);
