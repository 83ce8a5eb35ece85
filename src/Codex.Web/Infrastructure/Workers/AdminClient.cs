using Codex.Contracts.Admin;
using Codex.Contracts.Ecom;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Admin-API worker, as the site uses it: an organization's sales, customers, grants and refunds.</summary>
public sealed partial class AdminClient(HttpClient http) : WorkerClient(http, Role.AdminApi)
{
    /// <summary><c>GET /api/admin/organizations/:id/analytics</c> for the UTC days <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<OrganizationAnalyticsDto> AnalyticsAsync(Guid organizationId, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await GetAsync<DataEnvelope<OrganizationAnalyticsDto>>(Request(CallBudget.Read, AdminRoutes.OrganizationAnalytics, organizationId)
            .SetQueryParam("from", from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .SetQueryParam("to", to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ct)).Data;

    public Task<PagedList<OrganizationPurchaseDto>> CustomersAsync(Guid organizationId, string? search, int page, int limit, CancellationToken ct) =>
        GetAsync<PagedList<OrganizationPurchaseDto>>(Request(CallBudget.Read, AdminRoutes.OrganizationCustomers, organizationId)
            .SetQueryParams(new { search, page, limit }), ct);

    /// <summary>
    /// The whole customers list as CSV, streamed: the worker's answer once its headers arrived, for the caller to copy on
    /// and dispose.
    /// </summary>
    public Task<IFlurlResponse> CustomersCsvAsync(Guid organizationId, string? search, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Read, AdminRoutes.OrganizationCustomers, organizationId)
            .SetQueryParams(new { format = CustomerListFormat.Csv, search })
            .GetAsync(HttpCompletionOption.ResponseHeadersRead, token), ct);

    /// <summary><c>POST .../grants</c>: the grant, and whether it is new (201) rather than one the person already held (200).</summary>
    public Task<(OrganizationPurchaseDto Grant, bool Created)> GrantAsync(Guid organizationId, GrantRequest request, CancellationToken ct) =>
        CallAsync(async token =>
        {
            using var response = await Request(CallBudget.Form, AdminRoutes.OrganizationGrants, organizationId)
                .PostJsonAsync(request, cancellationToken: token);
            var body = await response.GetJsonAsync<DataEnvelope<OrganizationPurchaseDto>>();
            return (body.Data, response.StatusCode == StatusCodes.Status201Created);
        }, ct);

    /// <summary><c>GET /api/admin/purchases/:id</c>; null when there is no such purchase.</summary>
    public async Task<OrganizationPurchaseDto?> PurchaseAsync(Guid purchaseId, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OrganizationPurchaseDto>>(Request(CallBudget.Read, AdminRoutes.Purchase, purchaseId), ct))?.Data;

    /// <summary>
    /// <c>POST /api/admin/purchases/:id/refund</c> with the form's <c>Idempotency-Key</c>: a double click or a retry is one
    /// refund. The payment budget waits as long as the worker waits for the provider, so the site never abandons a
    /// refund in progress to send it again.
    /// </summary>
    public async Task<OrganizationPurchaseDto> RefundAsync(Guid purchaseId, RefundRequest request, string idempotencyKey, CancellationToken ct) =>
        await CallAsync(async token => (await Request(CallBudget.Payment, AdminRoutes.PurchaseRefund, purchaseId)
            .WithHeader(Idempotency.Header, idempotencyKey)
            .PostJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<OrganizationPurchaseDto>>()).Data, ct);
}
