using Codex.Contracts.Admin;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Admin-API's accounts routes, for <c>/admin/users</c> (platform admin).</summary>
public sealed partial class AdminClient
{
    /// <summary><c>GET /api/admin/users</c>.</summary>
    public Task<PagedList<AdminUserDto>> UsersAsync(UserListQuery query, CancellationToken ct) =>
        GetAsync<PagedList<AdminUserDto>>(Request(CallBudget.Read, AdminRoutes.Users).SetQueryParams(new
        {
            search = query.Search,
            role = query.Role is { } role ? ContractJson.WireName(role) : null,
            status = query.Status is { } status ? ContractJson.WireName(status) : null,
            page = query.Page,
            limit = query.Limit,
        }), ct);

    /// <summary><c>GET /api/admin/users/:id</c>; null when there is no such account.</summary>
    public async Task<AdminUserDetailsDto?> UserAsync(Guid userId, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<AdminUserDetailsDto>>(Request(CallBudget.Read, AdminRoutes.User, userId), ct))?.Data;

    /// <summary><c>PATCH /api/admin/users/:id</c>: a role, disabled or enabled; 409 for a refusal (oneself, the last admin, a deleted account).</summary>
    public async Task<AdminUserDto> UpdateUserAsync(Guid userId, UpdateUserRequest request, CancellationToken ct) =>
        await CallAsync(async token => (await Request(CallBudget.Form, AdminRoutes.User, userId)
            .PatchJsonAsync(request, cancellationToken: token)
            .ReceiveJson<DataEnvelope<AdminUserDto>>()).Data, ct);
}
