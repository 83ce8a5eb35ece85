using Codex.Contracts;
using Codex.Contracts.Notifications;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Notifications worker's development outbox, for /dev/mail. Internal: carries the shared key.</summary>
public sealed class NotificationsClient(HttpClient http, IConfiguration config) : WorkerClient(http, "notifications-api")
{
    private IFlurlRequest Outbox(params object[] segments) =>
        Flurl.Request(["api", "outbox", .. segments]).WithHeader(InternalAuth.Header, config["Codex:InternalKey"] ?? "");

    public async Task<IReadOnlyList<OutboxMessageDto>> ListOutboxAsync(CancellationToken ct) =>
        (await GetAsync<DataEnvelope<IReadOnlyList<OutboxMessageDto>>>(Outbox(), ct)).Data;

    public async Task<OutboxMessageDto?> GetOutboxMessageAsync(string id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OutboxMessageDto>>(Outbox(id), ct))?.Data;
}
