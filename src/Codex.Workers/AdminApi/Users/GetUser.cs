using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.AdminApi.Audit;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Users;

/// <summary>
/// <c>GET /api/admin/users/:id</c> (platform admin; addition to the contract): one account with its open sessions, its
/// organizations, how many purchases it holds, and while disabled the reason given.
/// </summary>
public static class GetUser
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, AdminAccess access, TimeProvider clock, CancellationToken ct)
    {
        await access.RequirePlatformAdminAsync(ct);
        var userId = ApiException.ParseId(id);
        var details = await DetailsAsync(db, userId, clock.GetUtcNow(), ct) ?? throw NotFound();
        return Results.Json(new DataEnvelope<AdminUserDetailsDto>(details), ContractJson.Options);
    }

    public static async Task<AdminUserDetailsDto?> DetailsAsync(CodexDbContext db, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(ListUsers.ToDto).FirstOrDefaultAsync(ct);
        if (user is null) return null;
        var sessions = await db.Sessions.AsNoTracking().CountAsync(s => s.UserId == userId && s.ExpiresAt > now, ct);
        var purchases = await db.Purchases.AsNoTracking().CountAsync(p => p.UserId == userId && p.Status == PurchaseStatus.Completed, ct);
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Organization!.DeletedAt == null)
            .OrderBy(m => m.Organization!.Name.ToLower()).ThenBy(m => m.OrganizationId)
            .Select(m => new AdminUserMembershipDto(m.OrganizationId, m.Organization!.Slug, m.Organization.Name, m.Role, m.Status))
            .ToListAsync(ct);
        string? reason = null;
        if (user.DisabledAt is not null)
        {
            var target = userId.ToString("D");
            reason = await db.AuditLog.AsNoTracking()
                .Where(a => a.TargetType == AuditTrail.UserTarget && a.TargetId == target && a.Action == AuditTrail.UserDisable)
                .OrderByDescending(a => a.CreatedAt).Select(a => a.Reason).FirstOrDefaultAsync(ct);
        }
        return new AdminUserDetailsDto(user, sessions, purchases, memberships, reason);
    }

    public static ApiException NotFound() => ApiException.NotFound("The account");
}
