using Codex.Contracts.Organizations;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Organization-API worker, as the site uses it.</summary>
public sealed partial class OrganizationClient(HttpClient http) : WorkerClient(http, Role.OrganizationApi)
{
    public async Task<OrganizationDto?> GetBySlugAsync(string slug, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OrganizationDto>>(Request(CallBudget.Read, OrganizationRoutes.BySlug, slug), ct))?.Data;

    public async Task<OrganizationSettingsDto?> GetSettingsAsync(Guid id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OrganizationSettingsDto>>(Request(CallBudget.Read, OrganizationRoutes.Settings, id), ct))?.Data;

    public Task<PagedList<OrganizationDto>> ListAsync(int page, int limit, CancellationToken ct) =>
        GetAsync<PagedList<OrganizationDto>>(Request(CallBudget.Read, OrganizationRoutes.List).SetQueryParams(new { page, limit }), ct);

    /// <summary>
    /// <c>GET /api/organizations/mine</c>: the memberships of the session <paramref name="sessionToken"/>, given
    /// explicitly because a cache may run this away from the request whose cookie would otherwise be forwarded.
    /// </summary>
    public async Task<IReadOnlyList<MembershipDto>> MineAsync(string sessionToken, CancellationToken ct) =>
        (await GetAsync<DataEnvelope<IReadOnlyList<MembershipDto>>>(
            Request(CallBudget.Read, OrganizationRoutes.Mine).WithHeader("Cookie", $"{SessionCookie.Name}={sessionToken}"), ct)).Data;

    /// <summary><c>POST /api/organizations</c>: the caller founds an organization and owns it; 409 <c>SLUG_TAKEN</c> for a used address.</summary>
    public async Task<OrganizationDto> CreateAsync(CreateOrganizationRequest request, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.List).PostJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<OrganizationDto>>(), ct)).Data;
}
