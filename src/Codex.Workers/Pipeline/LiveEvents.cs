using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults.Live;

namespace Codex.Workers.Pipeline;

/// <summary>
/// What a worker calls once a change is committed to tell the browsers that show it (CONTRACT "Live updates (v2)";
/// ADR 036): an event for one user, or for the staff of one organization. Best effort, as <see cref="SiteCache"/>:
/// a bus that fails is logged, never an error for the caller, because every page shows the state as of its request
/// and asks again without events.
/// </summary>
public sealed class LiveEvents(ILiveEventBus bus, ILogger<LiveEvents> logger)
{
    private static readonly string Empty = "{}";

    /// <summary><paramref name="type"/> with <paramref name="data"/> to <paramref name="userId"/>.</summary>
    public Task ToUserAsync(Guid userId, string type, object? data, CancellationToken ct) =>
        PublishAsync(LiveEvent.Create(type, userId, null, Json(data)), ct);

    /// <summary><paramref name="type"/> with <paramref name="data"/> to the staff (creator and above) of <paramref name="organizationId"/>.</summary>
    public Task ToOrganizationAsync(Guid organizationId, string type, object? data, CancellationToken ct) =>
        PublishAsync(LiveEvent.Create(type, null, organizationId, Json(data)), ct);

    /// <summary>What the users may open changed: <see cref="LiveEventTypes.LibraryChanged"/> to each.</summary>
    public async Task LibraryChangedAsync(IEnumerable<Guid> userIds, CancellationToken ct)
    {
        foreach (var userId in userIds.Distinct()) await ToUserAsync(userId, LiveEventTypes.LibraryChanged, null, ct);
    }

    /// <summary>A media file of <paramref name="organizationId"/> moved on: <see cref="LiveEventTypes.MediaStatus"/> to its staff.</summary>
    public Task MediaStatusAsync(Guid organizationId, Guid mediaId, MediaStatus status, int? progress, CancellationToken ct) =>
        ToOrganizationAsync(organizationId, LiveEventTypes.MediaStatus, new MediaStatusEvent(mediaId, status, progress), ct);

    /// <summary>A content item of <paramref name="organizationId"/> changed: <see cref="LiveEventTypes.ContentChanged"/> to its staff.</summary>
    public Task ContentChangedAsync(Guid organizationId, Guid contentId, CancellationToken ct) =>
        ToOrganizationAsync(organizationId, LiveEventTypes.ContentChanged, new ContentEvent(contentId), ct);

    private static string Json(object? data) => data is null ? Empty : JsonSerializer.Serialize(data, ContractJson.Options);

    private async Task PublishAsync(LiveEvent liveEvent, CancellationToken ct)
    {
        try
        {
            await bus.PublishAsync(liveEvent, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Live event {Type} could not be published", liveEvent.Type);
        }
    }
}
