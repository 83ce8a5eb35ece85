using Codex.Contracts.Admin;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Admin-API's organizations routes, for <c>/admin/organizations</c> (platform admin).</summary>
public sealed partial class AdminClient
{
    /// <summary><c>GET /api/admin/organizations</c>.</summary>
    public Task<PagedList<AdminOrganizationDto>> OrganizationsAsync(AdminOrganizationListQuery query, CancellationToken ct) =>
        GetAsync<PagedList<AdminOrganizationDto>>(Request(CallBudget.Read, AdminRoutes.Organizations).SetQueryParams(new
        {
            search = query.Search,
            status = query.Status is { } status ? ContractJson.WireName(status) : null,
            page = query.Page,
            limit = query.Limit,
        }), ct);

    /// <summary><c>GET /api/admin/organizations/:id</c>; null when there is no such organization.</summary>
    public async Task<AdminOrganizationDto?> OrganizationAsync(Guid organizationId, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<AdminOrganizationDto>>(Request(CallBudget.Read, AdminRoutes.Organization, organizationId), ct))?.Data;

    /// <summary><c>PATCH /api/admin/organizations/:id</c>: suspend, or lift the suspension.</summary>
    public async Task<AdminOrganizationDto> UpdateOrganizationStatusAsync(Guid organizationId, UpdateOrganizationStatusRequest request,
        CancellationToken ct) =>
        await CallAsync(async token => (await Request(CallBudget.Form, AdminRoutes.Organization, organizationId)
            .PatchJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<AdminOrganizationDto>>()).Data, ct);
}
