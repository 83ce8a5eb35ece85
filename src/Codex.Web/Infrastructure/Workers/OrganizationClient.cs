using Codex.Contracts;
using Codex.Contracts.Organizations;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Organization-API worker, as the site uses it.</summary>
public sealed class OrganizationClient(HttpClient http) : WorkerClient(http, "organization-api")
{
    public async Task<OrganizationDto?> GetBySlugAsync(string slug, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OrganizationDto>>(Flurl.Request("api", "organizations", "slug", slug), ct))?.Data;

    public async Task<OrganizationSettingsDto?> GetSettingsAsync(Guid id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OrganizationSettingsDto>>(Flurl.Request("api", "organizations", id, "settings"), ct))?.Data;

    public Task<PagedList<OrganizationDto>> ListAsync(int page, int limit, CancellationToken ct) =>
        GetAsync<PagedList<OrganizationDto>>(Flurl.Request("api", "organizations").SetQueryParams(new { page, limit }), ct);
}
