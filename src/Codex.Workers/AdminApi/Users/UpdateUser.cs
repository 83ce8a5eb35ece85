using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.AdminApi.Audit;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Users;

/// <summary>
/// <c>PATCH /api/admin/users/:id</c> <c>{role?, disabled?, reason?}</c> (platform admin). Disabling sets
/// <see cref="User.DisabledAt"/> and deletes every session of the account in the same transaction; then the workers'
/// session cache and the site forget the user, so their next request anywhere is anonymous, and sign-in answers 403
/// until an admin enables the account again (ADR 028). Each change is an audit entry (<c>user.role</c> with from/to,
/// <c>user.disable</c>, <c>user.enable</c>) with the reason. Refused with 409 <c>CONFLICT</c>: changing an account its
/// owner deleted, disabling or demoting oneself, and leaving Codex without an active platform admin. A value equal to
/// the stored one changes nothing and writes nothing.
/// </summary>
public static class UpdateUser
{
    public static async Task<IResult> HandleAsync(string id, UpdateUserRequest body, CodexDbContext db, AdminAccess access, TimeProvider clock,
        SiteCache site, CancellationToken ct)
    {
        var admin = await access.RequirePlatformAdminAsync(ct);
        var userId = ApiException.ParseId(id);
        new UpdateUserRequestValidator().ValidateAndThrow(body);
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();
        if (userId == admin.Id && (body.Disabled == true || body.Role is { } own && own != UserRole.Admin))
            throw Conflict("You cannot disable your own account or give up your own admin role here: ask another platform admin to do it.");

        var changed = await InAdminsLockAsync(db, userId, async token =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, token) ?? throw GetUser.NotFound();
            if (user.DeletedAt is not null)
                throw Conflict("This account was deleted by its owner and is kept anonymised for the organizations' books; it cannot be changed.");
            var now = clock.StoredNow();
            var wasActiveAdmin = IsActiveAdmin(user);
            var changes = false;
            var endSessions = false;
            if (body.Role is { } role && role != user.Role)
            {
                AuditTrail.Add(db, admin.Id, AuditTrail.UserRole, AuditTrail.UserTarget, user.Id, null, reason,
                    new { from = ContractJson.WireName(user.Role), to = ContractJson.WireName(role) }, now);
                user.Role = role;
                changes = true;
            }
            if (body.Disabled is { } disabled && disabled != (user.DisabledAt is not null))
            {
                user.DisabledAt = disabled ? now : null;
                AuditTrail.Add(db, admin.Id, disabled ? AuditTrail.UserDisable : AuditTrail.UserEnable, AuditTrail.UserTarget, user.Id, null,
                    reason, null, now); // the target's id names them; their email stays out of the log (it outlives a deletion)
                endSessions = disabled;
                changes = true;
            }
            if (!changes) return false;
            if (wasActiveAdmin && !IsActiveAdmin(user) && !await db.Users.AnyAsync(u => u.Id != userId && u.Role == UserRole.Admin
                    && u.DisabledAt == null && u.DeletedAt == null, token))
                throw Conflict("Codex needs at least one active platform admin: make someone else an admin first.");
            user.UpdatedAt = now;
            await db.SaveChangesAsync(token);
            // In the same transaction as DisabledAt: no session of the account survives the change.
            if (endSessions) await db.Sessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(token);
            return true;
        }, ct);

        // After the commit: the workers' cached sessions (ADR 025) and the site's copies of the user go now.
        if (changed) await site.InvalidateUserAsync(userId, ct);
        var dto = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(ListUsers.ToDto).FirstAsync(ct);
        // A disabled person's public page (/u/{username}) is a 404 (ADR 030): the site's cached copy goes too.
        if (changed && body.Disabled is not null && dto.Username is { } username)
            await site.InvalidateAsync([CacheTags.Person(username)], ct);
        return Results.Json(new DataEnvelope<AdminUserDto>(dto), ContractJson.Options);
    }

    private static bool IsActiveAdmin(User user) => user.Role == UserRole.Admin && user.DisabledAt is null && user.DeletedAt is null;

    /// <summary>
    /// Runs <paramref name="change"/> in a transaction that first writes (locks) every platform admin's row and the
    /// target's: two admins demoting or disabling each other at once are serialised, so the "last active admin" check
    /// of the second sees the first's change (PostgreSQL row locks; SQLite has one writer anyway).
    /// </summary>
    private static Task<bool> InAdminsLockAsync(CodexDbContext db, Guid userId, Func<CancellationToken, Task<bool>> change, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Users.Where(u => u.Role == UserRole.Admin || u.Id == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.UpdatedAt, u => u.UpdatedAt), token);
            var result = await change(token);
            await transaction.CommitAsync(token);
            db.ChangeTracker.Clear();
            return result;
        }, ct);

    private static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message);
}
