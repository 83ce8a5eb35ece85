using Codex.Contracts.Content;
using Codex.Contracts.Notifications;
using Codex.ServiceDefaults;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>
/// The Content-API's view counting, as the site's <c>PageViewReporter</c> uses it: a client of its own, so that its
/// budgets' circuit breakers are its own too and a struggling count can never open the circuit that pages read through.
/// </summary>
public sealed class ContentViewsClient(HttpClient http, CodexOptions codex) : WorkerClient(http, Role.ContentApi)
{
    /// <summary>
    /// <c>POST /api/content/:id/views</c> (internal key): people who opened the item's page; answers how many were
    /// counted (a viewer counts once per 30 minutes, so a repeated report changes nothing).
    /// </summary>
    public async Task<int> RecordViewsAsync(Guid contentId, IReadOnlyList<ContentViewer> viewers, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, ContentRoutes.View, contentId).WithHeader(InternalAuth.Header, codex.InternalKey ?? "")
            .PostJsonAsync(new RecordViewsRequest(viewers), cancellationToken: token).ReceiveJson<DataEnvelope<RecordViewsResult>>(), ct)).Data.Counted;
}
