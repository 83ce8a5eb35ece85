using System.Linq.Expressions;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Users;

/// <summary>
/// <c>GET /api/admin/users?search=&amp;role=&amp;status=&amp;page=&amp;limit=</c> (platform admin): every account, newest
/// first, searched in email, name and username (contains, ignoring case), by platform role and (addition) by status.
/// </summary>
public static class ListUsers
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, AdminAccess access, CancellationToken ct)
    {
        await access.RequirePlatformAdminAsync(ct);
        var query = UserListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var users = db.Users.AsNoTracking();
        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            users = users.Where(u => u.Email.ToLower().Contains(term) || u.Name.ToLower().Contains(term)
                || (u.Username != null && u.Username.Contains(term)));
        }
        if (query.Role is { } role) users = users.Where(u => u.Role == role);
        users = query.Status switch
        {
            AccountStatus.Active => users.Where(u => u.DisabledAt == null && u.DeletedAt == null),
            AccountStatus.Disabled => users.Where(u => u.DisabledAt != null && u.DeletedAt == null),
            AccountStatus.Deleted => users.Where(u => u.DeletedAt != null),
            _ => users,
        };

        var total = await users.CountAsync(ct);
        // Ends on Id so that pages never overlap or skip accounts made in the same instant (the demo data, imports).
        var page = await users.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip((query.Page - 1) * query.Limit).Take(query.Limit)
            .Select(ToDto)
            .ToListAsync(ct);
        return Results.Json(new PagedList<AdminUserDto>(page, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }

    public static readonly Expression<Func<User, AdminUserDto>> ToDto = u =>
        new AdminUserDto(u.Id, u.Email, u.Name, u.Username, u.Role, u.EmailVerified, u.CreatedAt, u.DisabledAt, u.DeletedAt);
}
