using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Workers.IdentityApi.Avatar;
using Codex.Workers.IdentityApi.Profile;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Deletion;

/// <summary>
/// <c>DELETE /api/user/account</c> <c>{confirmation: "DELETE", password}</c> → <c>204</c>, the session cookie cleared.
/// 400 <c>VALIDATION_ERROR</c> unless the word is exactly <c>DELETE</c>; 401 <c>INVALID_CREDENTIALS</c> for a wrong
/// password (limited per account, <see cref="AccountPasswords"/>); 409 <c>CONFLICT</c> while the caller is the only active
/// owner of an organization that is not deleted (the sentence names it), or the last active platform admin.
/// <para>
/// The row stays, anonymised (ADR 030), so the organizations' books keep their buyer: <c>DeletedAt</c> set, the email
/// replaced by a unique address that cannot receive mail, the name "Deleted user", username, bio, website and avatar
/// cleared (the file deleted), the password unusable, the email unverified, the role customer. In the same transaction
/// every session, one-time token, playback position, counted view and idempotency record goes, memberships end, the
/// invitations addressed to the old email are revoked and no longer name it, and the mail to it (sent or queued) is deleted. Purchases stay; content they made stays with its organization.
/// The old email can then register a new account; signing in with it finds none.
/// </para>
/// </summary>
public static class DeleteAccount
{
    public const string DeletedName = "Deleted user";

    /// <summary>A unique address under the reserved <c>.invalid</c> top-level domain (RFC 2606): it can never receive mail.</summary>
    public static string AnonymousEmail(Guid userId) => $"deleted-{userId:N}@deleted.invalid";

    public static async Task<IResult> HandleAsync([Microsoft.AspNetCore.Mvc.FromBody] DeleteAccountRequest body, HttpContext http, CurrentUser current, CodexDbContext db,
        AccountPasswords passwords, Avatars avatars, TimeProvider clock, ProfileCaches caches, IHostEnvironment env, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        new DeleteAccountRequestValidator().ValidateAndThrow(body);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.Id && u.DeletedAt == null, ct) ?? throw ApiException.Unauthorized();
        await passwords.RequireAsync(user, body.Password!, ct);

        var id = user.Id;
        var (oldEmail, oldUsername, avatar) = (user.Email, user.Username, user.AvatarKey);
        var madeContent = await db.Content.AnyAsync(c => c.CreatorId == id, ct);
        var now = clock.StoredNow();
        var viewerKey = "u:" + id.ToString("N");
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await RequireNotSoleOwnerAsync(db, id, token);
            await RequireNotLastAdminAsync(db, id, token);
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Email, AnonymousEmail(id))
                .SetProperty(x => x.Name, DeletedName)
                .SetProperty(x => x.Username, (string?)null)
                .SetProperty(x => x.Bio, (string?)null)
                .SetProperty(x => x.WebsiteUrl, (string?)null)
                .SetProperty(x => x.AvatarKey, (string?)null)
                .SetProperty(x => x.PasswordHash, "") // matches no password
                .SetProperty(x => x.EmailVerified, false)
                .SetProperty(x => x.Role, UserRole.Customer)
                .SetProperty(x => x.DeletedAt, now)
                .SetProperty(x => x.UpdatedAt, now), token);
            await db.Sessions.Where(s => s.UserId == id).ExecuteDeleteAsync(token);
            await db.OneTimeTokens.Where(t => t.UserId == id).ExecuteDeleteAsync(token);
            await db.PlaybackProgress.Where(p => p.UserId == id).ExecuteDeleteAsync(token);
            await db.ContentViews.Where(v => v.ViewerKey == viewerKey).ExecuteDeleteAsync(token);
            await db.IdempotencyRecords.Where(r => r.UserId == id).ExecuteDeleteAsync(token);
            await db.Memberships.Where(m => m.UserId == id).ExecuteDeleteAsync(token);
            await db.Invitations.Where(i => i.Email == oldEmail && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.RevokedAt, now), token);
            // The address leaves every row that still names it: the invitations sent to it (whoever registers it next
            // must not inherit them, nor see them in an export) and the mail to it, sent or waiting (a queued receipt
            // is not sent to a deleted account).
            await db.Invitations.Where(i => i.Email == oldEmail)
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.Email, AnonymousEmail(id)), token);
            await db.OutgoingMail.Where(m => m.Recipient == oldEmail).ExecuteDeleteAsync(token);
            await transaction.CommitAsync(token);
        }, ct);

        await avatars.DeleteAsync(avatar);
        await caches.ChangedAsync(id, oldUsername, null, nameShown: madeContent, ct);
        http.Response.Cookies.Delete(SessionCookie.Name, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = !env.IsDevelopment(), Path = "/", Expires = DateTimeOffset.UnixEpoch, IsEssential = true,
        });
        return Results.NoContent();
    }

    /// <summary>
    /// Refuses (409) when the user is the last active platform admin: Codex would have nobody to run it. The admins' rows
    /// are locked first, as the Admin-API's role and disable changes do (ADR 028), so a deletion and a demotion cannot
    /// both pass.
    /// </summary>
    private static async Task RequireNotLastAdminAsync(CodexDbContext db, Guid id, CancellationToken ct)
    {
        await db.Users.Where(u => u.Role == UserRole.Admin || u.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.UpdatedAt, u => u.UpdatedAt), ct);
        var admin = await db.Users.AsNoTracking().AnyAsync(u => u.Id == id && u.Role == UserRole.Admin && u.DisabledAt == null, ct);
        if (admin && !await db.Users.AnyAsync(u => u.Id != id && u.Role == UserRole.Admin && u.DisabledAt == null && u.DeletedAt == null, ct))
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "You are Codex's only platform admin. Make someone else an admin before you delete your account.");
    }

    /// <summary>
    /// Refuses (409) while the user is the only active owner of an organization that is not deleted. The rows of the
    /// organizations they own are locked first, as every membership change does (the Organization-API's
    /// <c>MembershipWrites</c>), so two co-owners deleting their accounts at once cannot leave an organization without one.
    /// </summary>
    private static async Task RequireNotSoleOwnerAsync(CodexDbContext db, Guid id, CancellationToken ct)
    {
        var owned = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == id && m.Role == MemberRole.Owner && m.Status == MembershipStatus.Active && m.Organization!.DeletedAt == null)
            .Select(m => m.OrganizationId).ToListAsync(ct);
        foreach (var organizationId in owned.Order()) // one order for everyone: no deadlock between two deletions
            await db.Organizations.Where(o => o.Id == organizationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, o => o.UpdatedAt), ct);
        var soleOwner = await db.Organizations.AsNoTracking()
            .Where(o => owned.Contains(o.Id) && !db.Memberships.Any(m => m.OrganizationId == o.Id && m.UserId != id
                && m.Role == MemberRole.Owner && m.Status == MembershipStatus.Active))
            .Select(o => o.Name).ToListAsync(ct);
        if (soleOwner.Count == 0) return;
        var names = string.Join(", ", soleOwner.Order(StringComparer.Ordinal).Select(n => $"“{n}”"));
        throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
            $"You are the only owner of {names}. Make another member an owner, or delete the organization, before you delete your account.");
    }
}
