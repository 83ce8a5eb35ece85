using Codex.Contracts.Admin;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Admin-API's audit log, for <c>/admin/audit</c> (platform admin).</summary>
public sealed partial class AdminClient
{
    /// <summary><c>GET /api/admin/audit</c>.</summary>
    public Task<PagedList<AuditEntryDto>> AuditAsync(AuditListQuery query, CancellationToken ct) =>
        GetAsync<PagedList<AuditEntryDto>>(Request(CallBudget.Read, AdminRoutes.Audit).SetQueryParams(new
        {
            action = query.Action,
            actorId = query.ActorId,
            targetType = query.TargetType,
            targetId = query.TargetId,
            page = query.Page,
            limit = query.Limit,
        }), ct);
}
