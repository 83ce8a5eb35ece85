using System.Globalization;
using Codex.Contracts.Admin;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Admin-API's platform figures, content moderation and purchases list, for the /admin pages.</summary>
public sealed partial class AdminClient
{
    /// <summary><c>GET /api/admin/stats</c> for the UTC days <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<PlatformStatsDto> StatsAsync(DateOnly from, DateOnly to, CancellationToken ct) =>
        (await GetAsync<DataEnvelope<PlatformStatsDto>>(Request(CallBudget.Read, AdminRoutes.Stats)
            .SetQueryParam("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .SetQueryParam("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ct)).Data;

    public Task<PagedList<AdminContentDto>> ContentAsync(AdminContentQuery query, CancellationToken ct) =>
        GetAsync<PagedList<AdminContentDto>>(Request(CallBudget.Read, AdminRoutes.Content).SetQueryParams(new
        {
            page = query.Page,
            limit = query.Limit,
            status = query.Status is { } status ? ContractJson.WireName(status) : null,
            organizationId = query.OrganizationId,
            search = query.Search,
        }), ct);

    /// <summary><c>POST /api/admin/content/:id/unpublish</c>: the item as it is now.</summary>
    public async Task<AdminContentDto> UnpublishContentAsync(Guid contentId, UnpublishContentRequest request, CancellationToken ct) =>
        await CallAsync(async token => (await Request(CallBudget.Form, AdminRoutes.ContentUnpublish, contentId)
            .PostJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<AdminContentDto>>()).Data, ct);

    public Task<PagedList<AdminPurchaseDto>> PurchasesAsync(AdminPurchaseQuery query, CancellationToken ct) =>
        GetAsync<PagedList<AdminPurchaseDto>>(Request(CallBudget.Read, AdminRoutes.Purchases).SetQueryParams(new
        {
            page = query.Page,
            limit = query.Limit,
            status = query.Status is { } status ? ContractJson.WireName(status) : null,
            userId = query.UserId,
            contentId = query.ContentId,
            search = query.Search,
        }), ct);
}
