using Codex.Contracts.Notifications;
using Codex.ServiceDefaults;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Notifications worker's development mail folder, for /dev/mail. Internal: carries the shared key.</summary>
public sealed partial class NotificationsClient(HttpClient http, CodexOptions codex) : WorkerClient(http, Role.NotificationsApi)
{
    public async Task<IReadOnlyList<OutboxMessageDto>> ListOutboxAsync(CancellationToken ct) =>
        (await GetAsync<DataEnvelope<IReadOnlyList<OutboxMessageDto>>>(Internal(NotificationsRoutes.Outbox), ct)).Data;

    public async Task<OutboxMessageDto?> GetOutboxMessageAsync(string id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OutboxMessageDto>>(Internal(NotificationsRoutes.OutboxMessage, id), ct))?.Data;

    private IFlurlRequest Internal(string template, params object[] values) =>
        Request(CallBudget.Read, template, values).WithHeader(InternalAuth.Header, codex.InternalKey ?? "");
}
