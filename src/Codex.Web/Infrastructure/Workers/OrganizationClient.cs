using Codex.Contracts.Organizations;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Organization-API worker, as the site uses it.</summary>
public sealed partial class OrganizationClient(HttpClient http) : WorkerClient(http, Role.OrganizationApi)
{
    public async Task<OrganizationDto?> GetBySlugAsync(string slug, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OrganizationDto>>(Request(CallBudget.Read, OrganizationRoutes.BySlug, slug), ct))?.Data;

    /// <summary><c>DELETE /api/organizations/:id</c>: the owner (or a platform admin) deletes the organization, softly.</summary>
    public Task DeleteAsync(Guid id, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.ById, id).DeleteAsync(cancellationToken: token), ct);

    public async Task<OrganizationSettingsDto?> GetSettingsAsync(Guid id, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<OrganizationSettingsDto>>(Request(CallBudget.Read, OrganizationRoutes.Settings, id), ct))?.Data;

    public Task<PagedList<OrganizationDto>> ListAsync(int page, int limit, CancellationToken ct) => SearchAsync(null, page, limit, ct);

    /// <summary><c>GET /api/organizations?search=</c>: a page of organizations whose name or slug holds <paramref name="search"/>, with member counts.</summary>
    public Task<PagedList<OrganizationDto>> SearchAsync(string? search, int page, int limit, CancellationToken ct) =>
        GetAsync<PagedList<OrganizationDto>>(Request(CallBudget.Read, OrganizationRoutes.List)
            .SetQueryParams(new { page, limit, search = string.IsNullOrWhiteSpace(search) ? null : search.Trim() }), ct);

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

    /// <summary><c>PATCH /api/organizations/:id</c>: owner or admin; a field left null is unchanged, an empty one cleared.</summary>
    public async Task<OrganizationDto> UpdateAsync(Guid id, UpdateOrganizationRequest request, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.ById, id).PatchJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<OrganizationDto>>(), ct)).Data;

    /// <summary><c>PUT /api/organizations/:id/settings</c>: owner or admin replaces branding, features and contact.</summary>
    public async Task<OrganizationSettingsDto> PutSettingsAsync(Guid id, UpdateSettingsRequest request, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Settings, id).PutJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<OrganizationSettingsDto>>(), ct)).Data;

    /// <summary>
    /// <c>POST /api/organizations/:id/logo</c>: a PNG, JPEG or WebP of at most 2 MB, judged by its content; 400 on
    /// <c>file</c> for anything else, 413 when larger.
    /// </summary>
    public async Task<OrganizationDto> UploadLogoAsync(Guid id, Stream file, string fileName, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, LogoRules.FileField, string.IsNullOrWhiteSpace(fileName) ? "logo" : fileName);
        return (await CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Logo, id).PostAsync(form, cancellationToken: token)
            .ReceiveJson<DataEnvelope<OrganizationDto>>(), ct)).Data;
    }

    /// <summary><c>DELETE /api/organizations/:id/logo</c>: the organization has no logo any more.</summary>
    public Task DeleteLogoAsync(Guid id, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Logo, id).DeleteAsync(cancellationToken: token), ct);
}
