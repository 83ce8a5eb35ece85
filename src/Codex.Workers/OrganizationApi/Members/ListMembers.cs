using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Members;

/// <summary>
/// <c>GET /api/organizations/:id/members</c>: owner or admin pages through the members, whatever their status, by name,
/// optionally searched by name or email (<see cref="MemberListQuery"/>). <c>GET .../members/:userId</c>: one member,
/// for the organization's owners and admins or the member themself.
/// </summary>
public static class ListMembers
{
    public static async Task<IResult> HandleAsync(string id, HttpRequest request, CodexDbContext db, OrganizationAccess access, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        await access.RequireManagerAsync(organizationId, ct);
        var query = MemberListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var members = db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId);
        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            members = members.Where(m => m.User!.Name.ToLower().Contains(term) || m.User.Email.Contains(term)); // emails are stored lower-case
        }
        var total = await members.CountAsync(ct);
        // Ends on UserId so that pages never overlap or skip members of the same name.
        var page = await members.OrderBy(m => m.User!.Name.ToLower()).ThenBy(m => m.UserId)
            .Skip((query.Page - 1) * query.Limit)
            .Take(query.Limit)
            .Select(m => new MemberDto(m.UserId, m.User!.Name, m.User.Email, m.Role, m.Status, m.CreatedAt))
            .ToListAsync(ct);
        return Results.Json(new PagedList<MemberDto>(page, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }

    public static async Task<IResult> OneAsync(string id, string userId, CodexDbContext db, OrganizationAccess access,
        CurrentUser currentUser, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var targetId = MembershipWrites.ParseUserId(userId);
        var user = await currentUser.RequireAsync(ct);
        if (targetId != user.Id) await access.RequireManagerAsync(organizationId, ct);
        else if (!await db.Organizations.AnyAsync(o => o.Id == organizationId && o.DeletedAt == null, ct)) throw OrganizationAccess.NotFound();

        var member = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.UserId == targetId)
            .Select(m => new MemberDto(m.UserId, m.User!.Name, m.User.Email, m.Role, m.Status, m.CreatedAt))
            .FirstOrDefaultAsync(ct) ?? throw MembershipWrites.NoSuchMember();
        return Results.Json(new DataEnvelope<MemberDto>(member), ContractJson.Options);
    }
}
