using Codex.Contracts.Notifications;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Notifications-API's mail templates, as the platform admin's editor uses them (with the admin's session).</summary>
public sealed partial class NotificationsClient
{
    /// <summary><c>GET /api/templates</c>: every template (there are a handful), in the worker's order.</summary>
    public async Task<IReadOnlyList<EmailTemplateDto>> TemplatesAsync(CancellationToken ct) =>
        (await GetAsync<PagedList<EmailTemplateDto>>(Request(CallBudget.Read, NotificationsRoutes.Templates).SetQueryParam("limit", Paging.MaxLimit), ct)).Items;

    /// <summary>One template as it is now; null for an unknown name.</summary>
    public async Task<EmailTemplateDto?> TemplateAsync(string name, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<EmailTemplateDto>>(Request(CallBudget.Read, NotificationsRoutes.Template, name), ct))?.Data;

    /// <summary><c>PUT /api/templates/:name</c>: a 400 names the field and the placeholder that is wrong.</summary>
    public async Task<EmailTemplateDto> SaveTemplateAsync(string name, UpdateTemplateRequest request, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, NotificationsRoutes.Template, name)
            .PutJsonAsync(request, cancellationToken: token).ReceiveJson<DataEnvelope<EmailTemplateDto>>(), ct)).Data;

    /// <summary><c>DELETE /api/templates/:name</c>: back to the default (idempotent).</summary>
    public Task ResetTemplateAsync(string name, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, NotificationsRoutes.Template, name).DeleteAsync(cancellationToken: token), ct);

    /// <summary>
    /// <c>POST /api/templates/:name/preview</c>: the draft rendered with sample values. It changes nothing, so it runs
    /// under the read budget (retried on a worker failure) like any page read.
    /// </summary>
    public async Task<RenderedEmailDto> PreviewTemplateAsync(string name, PreviewTemplateRequest request, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Read, NotificationsRoutes.TemplatePreview, name)
            .PostJsonAsync(request, cancellationToken: token).ReceiveJson<DataEnvelope<RenderedEmailDto>>(), ct)).Data;
}
