using Codex.Contracts.Admin;
using Codex.Contracts.Auth;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.Auth.AccountMail;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.Auth;

/// <summary>The Auth worker's routes (CONTRACT.md, "Auth worker").</summary>
public static class Endpoints
{
    // Verifying against this when the email is unknown costs the same as a real check, so the answer's timing
    // does not tell whether an account exists.
    private static readonly Lazy<string> DummyHash = new(() =>
        Passwords.CreateHasher().HashPassword(new User { Email = "", Name = "", PasswordHash = "" }, "not-a-password-1"));

    private static IResult Data<T>(T data, int status = StatusCodes.Status200OK) =>
        Results.Json(new DataEnvelope<T>(data), ContractJson.Options, statusCode: status);

    public static async Task<IResult> GetSessionAsync(CurrentUser current, Sessions sessions, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } user) return Data<AuthSessionDto?>(null);
        var expires = await sessions.RenewIfDueAsync(user.SessionId, user.SessionExpiresAt, ct);
        return Data<AuthSessionDto?>(new AuthSessionDto(Sessions.ToDto(user), new SessionDto(user.SessionId, expires)));
    }

    public static async Task<IResult> RegisterAsync(RegisterRequest body, CodexDbContext db, PasswordHasher<User> hasher, TimeProvider clock,
        OneTimeTokens tokens, MailOutbox mail, CancellationToken ct)
    {
        new RegisterRequestValidator().ValidateAndThrow(body);
        var email = AccountRules.NormaliseEmail(body.Email!);
        if (await db.Users.AnyAsync(u => u.Email == email, ct)) throw EmailTaken();

        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.NewGuid(), Email = email, Name = body.Name!.Trim(), PasswordHash = "", EmailVerified = false,
            Role = UserRole.Customer, CreatedAt = now, UpdatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, body.Password!);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Users.AsNoTracking().AnyAsync(u => u.Email == email, ct)) throw EmailTaken(); // a concurrent registration won
            throw;
        }

        var token = await tokens.IssueAsync(user.Id, OneTimeTokenPurpose.VerifyEmail, ct);
        // The link leads on to where the visitor was going (an invitation waiting for this new account).
        await mail.EnqueueAsync(EmailTemplateNames.VerifyEmail, new SendEmailRequest(user.Email, user.Name, token) { Path = body.Redirect }, ct);
        return Data(new UserEnvelopeDto(Sessions.ToDto(user)), StatusCodes.Status201Created);
    }

    public static async Task<IResult> LoginAsync(LoginRequest body, CodexDbContext db, PasswordHasher<User> hasher, LoginThrottle throttle,
        Sessions sessions, OneTimeTokens tokens, MailOutbox mail, TimeProvider clock, CancellationToken ct)
    {
        new LoginRequestValidator().ValidateAndThrow(body);
        var email = AccountRules.NormaliseEmail(body.Email!);
        // A failure is reserved before the password is checked, so replicas answering at once never check one too many
        // (ADR 041); it is given back unless the password turns out wrong.
        var (user, result) = await throttle.CheckAsync(email, async () =>
            {
                var found = await db.Users.FirstOrDefaultAsync(u => u.Email == email, ct);
                return (found, found is null
                    ? Fail(hasher.VerifyHashedPassword(new User { Email = "", Name = "", PasswordHash = "" }, DummyHash.Value, body.Password!))
                    : hasher.Verify(found, found.PasswordHash, body.Password!));
            },
            checkedIn => checkedIn.found is not null && checkedIn.Item2 != PasswordVerificationResult.Failed, RateLimited, ct);
        if (user is null || result == PasswordVerificationResult.Failed)
            throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidCredentials, "The email or password is not right.");
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // The stored hash used fewer iterations (or an older format): upgrade it now that we have the password.
            user.PasswordHash = hasher.HashPassword(user, body.Password!);
            user.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        // Only now, with the password known to be right: a stranger trying an address learns nothing from the 403.
        if (user.DisabledAt is not null) throw Disabled();
        if (!user.EmailVerified)
        {
            var token = await tokens.IssueAsync(user.Id, OneTimeTokenPurpose.VerifyEmail, ct);
            await mail.EnqueueAsync(EmailTemplateNames.VerifyEmail, user.Email, user.Name, token, ct);
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.EmailNotVerified,
                "Confirm your email address first: we have sent you a new link.");
        }
        return Data(await sessions.StartAsync(user, ct));
    }

    public static async Task<IResult> SignOutAsync(Sessions sessions, CurrentUser current, SiteCache site, CancellationToken ct)
    {
        var user = await current.GetAsync(ct);
        await sessions.EndCurrentAsync(ct);
        if (user is not null) await site.InvalidateUserAsync(user.Id, ct);
        return Results.NoContent();
    }

    public static async Task<IResult> VerifyEmailAsync(string? token, OneTimeTokens tokens, Sessions sessions, CodexDbContext db,
        TimeProvider clock, WorkerSessionCache sessionCache, CancellationToken ct)
    {
        var user = await tokens.ConsumeAsync(token, OneTimeTokenPurpose.VerifyEmail, ct);
        if (user.DisabledAt is not null) throw Disabled(); // verifying signs in, which a disabled account may not
        if (!user.EmailVerified)
        {
            user.EmailVerified = true;
            user.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            sessionCache.Revoke(user.Id); // what a session carries changed (emailVerified)
        }
        return Data(await sessions.StartAsync(user, ct));
    }

    public static async Task<IResult> ResendVerificationAsync(EmailRequest body, AccountMailRequests requests, CancellationToken ct)
    {
        new EmailRequestValidator().ValidateAndThrow(body);
        await requests.RequestAsync(AccountMailKind.VerifyEmail, AccountRules.NormaliseEmail(body.Email!), ct, body.Redirect);
        return Results.NoContent(); // the same answer, after the same work, whether or not the account exists
    }

    public static async Task<IResult> SendResetAsync(EmailRequest body, AccountMailRequests requests, CancellationToken ct)
    {
        new EmailRequestValidator().ValidateAndThrow(body);
        await requests.RequestAsync(AccountMailKind.ResetPassword, AccountRules.NormaliseEmail(body.Email!), ct);
        return Results.NoContent(); // no account enumeration, by answer or by time
    }

    public static async Task<IResult> ResetPasswordAsync(ResetPasswordRequest body, OneTimeTokens tokens, Sessions sessions,
        CodexDbContext db, PasswordHasher<User> hasher, TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        new ResetPasswordRequestValidator().ValidateAndThrow(body);
        var user = await tokens.ConsumeAsync(body.Token, OneTimeTokenPurpose.ResetPassword, ct);
        user.PasswordHash = hasher.HashPassword(user, body.NewPassword!);
        user.EmailVerified = true; // the link reached their inbox
        user.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tokens.RetireAllAsync(user.Id, OneTimeTokenPurpose.ResetPassword, ct);
        await sessions.EndAllAsync(user.Id, keep: null, ct);
        await site.InvalidateUserAsync(user.Id, ct);
        return Results.NoContent();
    }

    public static async Task<IResult> UpdateProfileAsync(UpdateProfileRequest body, CurrentUser current, CodexDbContext db,
        TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        new UpdateProfileRequestValidator().ValidateAndThrow(body);
        var user = await db.Users.FirstAsync(u => u.Id == caller.Id, ct);
        user.Name = body.Name!.Trim();
        user.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await site.InvalidateUserAsync(user.Id, ct); // the site shows the name from the session it cached
        return Data(new UserEnvelopeDto(Sessions.ToDto(user)));
    }

    public static async Task<IResult> ChangePasswordAsync(ChangePasswordRequest body, CurrentUser current, CodexDbContext db,
        PasswordHasher<User> hasher, Sessions sessions, TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        new ChangePasswordRequestValidator().ValidateAndThrow(body);
        var user = await db.Users.FirstAsync(u => u.Id == caller.Id, ct);
        if (hasher.Verify(user, user.PasswordHash, body.CurrentPassword!) == PasswordVerificationResult.Failed)
            throw ApiException.Validation("currentPassword", "Your current password is not right.");
        user.PasswordHash = hasher.HashPassword(user, body.NewPassword!);
        user.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await sessions.EndAllAsync(user.Id, keep: caller.SessionId, ct);
        await site.InvalidateUserAsync(user.Id, ct);
        return Results.NoContent();
    }

    /// <summary>403 <c>FORBIDDEN</c> for an account a platform admin disabled (ADR 028), in words its owner understands.</summary>
    private static ApiException Disabled() => new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, AccountMessages.Disabled);

    private static PasswordVerificationResult Fail(PasswordVerificationResult _) => PasswordVerificationResult.Failed;

    private static ApiException EmailTaken() =>
        new(StatusCodes.Status409Conflict, ErrorCodes.EmailTaken, "An account with this email already exists. Sign in, or reset your password.");

    private static ApiException RateLimited(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new ApiException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            $"Too many failed sign-ins for this email. Try again in {Math.Max(1, (seconds + 59) / 60)} minutes.", new RateLimitDetails(seconds));
    }
}
