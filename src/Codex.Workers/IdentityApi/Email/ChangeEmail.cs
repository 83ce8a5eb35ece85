using Codex.Contracts.Auth;
using Codex.Contracts.Identity;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Email;

/// <summary>
/// Changing the account's email address (additions to the contract). <c>POST /api/user/email</c> <c>{newEmail,
/// password}</c> (session) checks the password (401 <c>INVALID_CREDENTIALS</c>) and that no account has the address (409
/// <c>EMAIL_TAKEN</c>), then mails a one-time link to the NEW address (24 h, single use, only its hash stored; the new
/// address rides on the token's row); <c>204</c>. Until it is confirmed the old address stays in use; asking again
/// replaces the earlier link. <c>POST /api/user/email/confirm</c> <c>{token}</c> (no session needed: the link may be opened
/// anywhere) changes the address, verified, ends every other session of the account and drops the cached copies of the
/// user, and retires the reset and verification links mailed to the old address; 400 <c>INVALID_TOKEN</c> for an
/// unknown, used or expired link (or one of a disabled account), 409 <c>EMAIL_TAKEN</c> if someone registered the
/// address meanwhile. The old address is not told (there is no template for it yet: ADR 030).
/// </summary>
public static class ChangeEmail
{
    public static async Task<IResult> RequestAsync(ChangeEmailRequest body, CurrentUser current, CodexDbContext db, AccountPasswords passwords,
        OneTimeTokens tokens, MailOutbox mail, TimeProvider clock, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        new ChangeEmailRequestValidator().ValidateAndThrow(body);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.Id && u.DeletedAt == null, ct) ?? throw ApiException.Unauthorized();
        await passwords.RequireAsync(user, body.Password!, ct);
        var email = AccountRules.NormaliseEmail(body.NewEmail!);
        if (email == user.Email) throw ApiException.Validation("newEmail", "This is already your address.");
        if (await db.Users.AnyAsync(u => u.Email == email, ct)) throw EmailTaken();

        var now = clock.GetUtcNow();
        await db.OneTimeTokens.Where(t => t.UserId == user.Id && t.Purpose == OneTimeTokenPurpose.ChangeEmail && t.UsedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), ct); // one pending change at a time: the newest
        var token = await tokens.IssueAsync(user.Id, OneTimeTokenPurpose.ChangeEmail, ct, newEmail: email);
        await mail.EnqueueAsync(EmailTemplateNames.ChangeEmail, email, user.Name, token, ct);
        return Results.NoContent();
    }

    public static async Task<IResult> ConfirmAsync(ConfirmEmailChangeRequest body, CurrentUser current, CodexDbContext db, OneTimeTokens tokens,
        TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        new ConfirmEmailChangeRequestValidator().ValidateAndThrow(body);
        var (user, email) = await tokens.ConsumeWithEmailAsync(body.Token, OneTimeTokenPurpose.ChangeEmail, ct);
        if (email is null || user.DeletedAt is not null || user.DisabledAt is not null)
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.InvalidToken, "This link is invalid, already used or expired.");
        if (await db.Users.AnyAsync(u => u.Email == email && u.Id != user.Id, ct)) throw EmailTaken();
        user.Email = email;
        user.EmailVerified = true; // the link reached that inbox
        user.UpdatedAt = clock.StoredNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw EmailTaken();
        }
        // Links mailed to the old address (a password reset, a verification) stop working: someone who changes address
        // because the old mailbox was lost must not leave a way into the account there.
        await tokens.RetireAllAsync(user.Id, OneTimeTokenPurpose.ResetPassword, ct);
        await tokens.RetireAllAsync(user.Id, OneTimeTokenPurpose.VerifyEmail, ct);
        // Whoever confirms in a browser signed in as this account stays signed in there; every other session ends.
        var keep = await current.GetAsync(ct) is { } caller && caller.Id == user.Id ? caller.SessionId : (Guid?)null;
        await db.Sessions.Where(s => s.UserId == user.Id && s.Id != keep).ExecuteDeleteAsync(ct);
        await site.InvalidateUserAsync(user.Id, ct);
        return Results.NoContent();
    }

    private static ApiException EmailTaken() =>
        new(StatusCodes.Status409Conflict, ErrorCodes.EmailTaken, "Another account already uses this email address.",
            new ValidationDetails(new Dictionary<string, string[]> { ["newEmail"] = ["Another account already uses this email address."] }));
}
