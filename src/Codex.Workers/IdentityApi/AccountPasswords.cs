using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.AspNetCore.Identity;

namespace Codex.Workers.IdentityApi;

/// <summary>
/// The password that confirms a deletion or an email change: checked with the platform's hasher, and limited like
/// sign-in's failures per email (<see cref="LoginThrottle"/>, here per account), so a session left open on a shared
/// computer cannot be used to guess the password behind it.
/// </summary>
public sealed class AccountPasswords(PasswordHasher<User> hasher, LoginThrottle throttle)
{
    /// <summary>Passes when <paramref name="password"/> is the account's; else a 401 <c>INVALID_CREDENTIALS</c> (or 429 after too many).</summary>
    public async Task RequireAsync(User user, string password, CancellationToken ct)
    {
        var result = await throttle.CheckAsync("user:" + user.Id.ToString("D"),
            () => Task.FromResult(hasher.Verify(user, user.PasswordHash, password)),
            verified => verified != PasswordVerificationResult.Failed, TooMany, ct);
        if (result != PasswordVerificationResult.Failed) return;
        // The contract's code for a wrong password; the field says where the site shows it.
        throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidCredentials, "Your password is not right.",
            new ValidationDetails(new Dictionary<string, string[]> { ["password"] = ["Your password is not right."] }));
    }

    private static ApiException TooMany(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new ApiException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            $"Too many wrong passwords. Try again in {Math.Max(1, (seconds + 59) / 60)} minutes.", new RateLimitDetails(seconds));
    }
}
